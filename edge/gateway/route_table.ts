/**
 * The one route table of the public API: which path prefix goes to which service, whether
 * the edge demands a token, and which rate-limit rule counts it. Anything under `/api`
 * that is not listed here answers 404, so an internal API can never leak out by omission.
 * @module
 */

/** How the edge treats the access token on a route. */
export type AuthMode =
  /** Never checked here (sign-in itself, public keys, signed blob URLs). */
  | "none"
  /** Anonymous requests pass; a token that is sent must be valid. */
  | "optional"
  /** A valid token is required before the service sees the request. */
  | "required";

/** Which rate-limit rule counts a route's requests. */
export type LimitClass =
  /** Per user when signed in, else per address. */
  | "default"
  /** The stricter sign-in rule, always per address. */
  | "auth";

/** One entry of the route table. */
export interface RouteEntry {
  /**
   * Path prefix matched on segment boundaries: `/api/me` matches `/api/me/x`, not `/api/meat`.
   * A `*` segment matches any one segment (the creator id in `/api/creators/{id}/follow`).
   */
  prefix: string;
  /** Upstream service name (a key of the upstream URL map). */
  upstream: string;
  auth: AuthMode;
  limit: LimitClass;
  /** Bodies stream without the edge's body limit, under the long timeout (blob transfers). */
  stream?: boolean;
  /** WebSocket route: the edge upgrades and pipes frames to the upstream's socket. */
  websocket?: boolean;
  /**
   * A media server's route: the prefix is taken off the path, only stream paths pass, SDP
   * bodies are bounded and caching follows HLS (`media_proxy.ts`).
   */
  media?: "webrtc" | "hls";
}

/** The public routes. Order does not matter: the longest matching prefix wins. */
export const ROUTES: readonly RouteEntry[] = [
  // Credential guessing is what the strict rule is for; refresh and logout carry a session
  // and run on every page load, so they take the ordinary budget.
  { prefix: "/api/auth", upstream: "users", auth: "none", limit: "auth" },
  { prefix: "/api/auth/refresh", upstream: "users", auth: "none", limit: "default" },
  { prefix: "/api/auth/logout", upstream: "users", auth: "none", limit: "default" },
  { prefix: "/.well-known/jwks.json", upstream: "users", auth: "none", limit: "default" },
  { prefix: "/api/me", upstream: "users", auth: "required", limit: "default" },
  { prefix: "/api/users", upstream: "users", auth: "required", limit: "default" },
  { prefix: "/api/admin", upstream: "users", auth: "required", limit: "default" },
  // Reads are public; the catalog checks ownership on writes itself.
  { prefix: "/api/products", upstream: "catalog", auth: "optional", limit: "default" },
  { prefix: "/api/creators", upstream: "catalog", auth: "optional", limit: "default" },
  // Following a creator is the streaming service's (it alerts followers when they go live).
  { prefix: "/api/creators/*/follow", upstream: "streaming", auth: "optional", limit: "default" },
  {
    prefix: "/api/creators/*/followers",
    upstream: "streaming",
    auth: "optional",
    limit: "default",
  },
  // Creators manage their codes; the quote is public (a preview, nothing redeemed).
  { prefix: "/api/discounts", upstream: "catalog", auth: "optional", limit: "default" },
  { prefix: "/api/cart", upstream: "orders", auth: "required", limit: "default" },
  // Optional at the edge: the live order stream authenticates with a short-lived ticket
  // (EventSource cannot send headers); the service requires a principal everywhere else.
  { prefix: "/api/orders", upstream: "orders", auth: "optional", limit: "default" },
  { prefix: "/api/sales", upstream: "orders", auth: "required", limit: "default" },
  // Stripe signs its webhooks; the service verifies the signature.
  { prefix: "/api/payments/webhooks", upstream: "payments", auth: "none", limit: "default" },
  { prefix: "/api/payments", upstream: "payments", auth: "required", limit: "default" },
  { prefix: "/api/library", upstream: "subscriptions", auth: "required", limit: "default" },
  { prefix: "/api/entitlements", upstream: "subscriptions", auth: "required", limit: "default" },
  { prefix: "/api/notifications", upstream: "notifications", auth: "optional", limit: "default" },
  // Listings and streams are public; creators' writes and ticketed playback need a token,
  // which the service checks (playback of a free stream works signed out).
  { prefix: "/api/streams", upstream: "streaming", auth: "optional", limit: "default" },
  // A stream's live updates (Server-Sent Events) stay open for minutes: the long time limit.
  {
    prefix: "/api/streams/*/events",
    upstream: "streaming",
    auth: "optional",
    limit: "default",
    stream: true,
  },
  // Admins take streams down; the service checks the role too.
  { prefix: "/api/admin/streams", upstream: "streaming", auth: "required", limit: "default" },
  // The media server: WHIP/WHEP signalling and LL-HLS. MediaMTX asks the streaming service
  // about every publish and read (the key or playback token in the query). HLS players
  // fetch a part every 200 ms, so HLS is exempt from the rate limits (RATE_LIMIT_EXEMPT).
  {
    prefix: "/media/webrtc",
    upstream: "media-webrtc",
    auth: "none",
    limit: "default",
    media: "webrtc",
  },
  {
    prefix: "/media/hls",
    upstream: "media-hls",
    auth: "none",
    limit: "default",
    stream: true,
    media: "hls",
  },
  // Signed URLs are their own authorization.
  { prefix: "/blobs", upstream: "catalog", auth: "none", limit: "default", stream: true },
];

/** Prefixes that are service-to-service only and must never be routed from outside. */
export const INTERNAL_PREFIXES: readonly string[] = ["/api/inventory", "/internal"];

/** Whether `path` is `prefix` or lies under it; a `*` segment of `prefix` matches any one. */
export function underPrefix(path: string, prefix: string): boolean {
  if (prefix.includes("*")) {
    const want = prefix.split("/");
    const have = path.split("/");
    return have.length >= want.length &&
      want.every((segment, i) => segment === "*" ? have[i] !== "" : segment === have[i]);
  }
  return path === prefix || path.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`);
}

/** The entry with the longest prefix matching `path`, if any. */
export function matchRoute(
  routes: readonly RouteEntry[],
  path: string,
): RouteEntry | undefined {
  let best: RouteEntry | undefined;
  for (const route of routes) {
    if (underPrefix(path, route.prefix) && route.prefix.length > (best?.prefix.length ?? -1)) {
      best = route;
    }
  }
  return best;
}

/**
 * Checks a table before it is served: prefixes well-formed and unique, upstreams known,
 * and nothing that reaches an internal prefix. Throws a `RangeError` naming the entry.
 */
export function assertRouteTable(
  routes: readonly RouteEntry[],
  upstreams: Readonly<Record<string, string>>,
): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const { prefix } = route;
    if (!/^\/[\w.\-/*]*[^/]$/.test(prefix)) {
      throw new RangeError(`Route prefix "${prefix}" must start with "/" and not end with one`);
    }
    if (seen.has(prefix)) throw new RangeError(`Route prefix "${prefix}" is listed twice`);
    seen.add(prefix);
    if (!(route.upstream in upstreams)) {
      throw new RangeError(`Route "${prefix}" names unknown upstream "${route.upstream}"`);
    }
    for (const internal of INTERNAL_PREFIXES) {
      if (underPrefix(prefix, internal) || underPrefix(internal, prefix)) {
        throw new RangeError(`Route "${prefix}" would expose internal prefix "${internal}"`);
      }
    }
  }
}
