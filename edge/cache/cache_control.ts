/**
 * Reading `Cache-Control`, and deciding which requests the edge may answer from its cache
 * and which responses it may keep.
 * @module
 */
import { underPrefix } from "../gateway/route_table.ts";

/** The directives the edge acts on. */
export interface CacheDirectives {
  public: boolean;
  private: boolean;
  noStore: boolean;
  noCache: boolean;
  /** Seconds a shared cache may serve the response fresh. */
  sMaxage?: number;
  maxAge?: number;
  /** Seconds past freshness during which a stale copy may be served while refetching. */
  staleWhileRevalidate?: number;
}

/** Parses a `Cache-Control` header. */
export function parseCacheControl(header: string | null): CacheDirectives {
  const d: CacheDirectives = { public: false, private: false, noStore: false, noCache: false };
  for (const part of (header ?? "").split(",")) {
    const [rawName, rawValue] = part.split("=", 2);
    const name = rawName?.trim().toLowerCase();
    const value = rawValue?.trim().replace(/^"|"$/g, "");
    const seconds = value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
    switch (name) {
      case "public":
        d.public = true;
        break;
      case "private":
        d.private = true;
        break;
      case "no-store":
        d.noStore = true;
        break;
      case "no-cache":
        d.noCache = true;
        break;
      case "s-maxage":
        d.sMaxage = seconds;
        break;
      case "max-age":
        d.maxAge = seconds;
        break;
      case "stale-while-revalidate":
        d.staleWhileRevalidate = seconds;
        break;
    }
  }
  return d;
}

/** Paths answered by the origin every time: sessions, accounts, administration, blobs, sockets. */
export const UNCACHED_PREFIXES: readonly string[] = [
  "/api/auth",
  "/api/me",
  "/api/users",
  "/api/admin",
  "/blobs",
  "/ws",
  "/_edge",
  "/health",
  "/metrics",
];

/** Why a request is answered without the cache, or undefined when the cache may answer it. */
export function bypassReason(req: Request, path: string): string | undefined {
  if (req.method !== "GET" && req.method !== "HEAD") return "method";
  if (UNCACHED_PREFIXES.some((p) => underPrefix(path, p))) return "path";
  // A request carrying credentials may get an answer meant for that caller alone.
  if (req.headers.has("authorization")) return "authorization";
  if (/(?:^|;\s*)marquee_refresh=/.test(req.headers.get("cookie") ?? "")) return "session";
  if (req.headers.has("range")) return "range";
  return undefined;
}

/** How long a storable response may be served: fresh seconds and stale-while-revalidate seconds. */
export interface Lifetime {
  freshSec: number;
  staleSec: number;
}

/**
 * The lifetime of a response the edge may store, or undefined when it must not: only a 200
 * marked `public` with `s-maxage`, without cookies, `private`, `no-store`, `no-cache`, a
 * content encoding or a `Vary` the edge does not key on.
 */
export function storableLifetime(res: Response): Lifetime | undefined {
  if (res.status !== 200) return undefined;
  const d = parseCacheControl(res.headers.get("cache-control"));
  if (!d.public || d.private || d.noStore || d.noCache || !d.sMaxage) return undefined;
  if (res.headers.has("set-cookie")) return undefined;
  const encoding = res.headers.get("content-encoding");
  if (encoding && encoding.toLowerCase() !== "identity") return undefined;
  const vary = (res.headers.get("vary") ?? "").split(",").map((v) => v.trim().toLowerCase())
    .filter((v) => v !== "" && v !== "accept-encoding");
  if (vary.length > 0) return undefined;
  return { freshSec: d.sMaxage, staleSec: d.staleWhileRevalidate ?? 0 };
}
