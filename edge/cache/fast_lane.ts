/**
 * The fast lane: a fresh entry held in this isolate's memory is answered before the middleware
 * stack, with the headers the stack itself gave that entry's last hit (kept per entry and
 * scheme), renewing only what belongs to one response: the request id, the trace context, the
 * CSP nonce (in the header and the page) and the age. The headers are the full path's own
 * output, so no second copy of the code that builds them exists. A request the header
 * middleware would treat differently (an `Origin`, conditions, the caller's own trace or
 * request id) takes the full path, and so does an entry's first hit, which the lane learns from.
 * @module
 */
import { formatTraceparent, randomBase64Url, randomHex } from "@marquee/http";
import type { Registry } from "@marquee/metrics";
import { nonceParts } from "../middleware/csp.ts";
import { resolveClientProto } from "../middleware/client_address.ts";
import type { EdgeCache, Entry } from "./edge_cache.ts";

/** Options of {@linkcode createFastLane}. */
export interface FastLaneOptions {
  cache: EdgeCache;
  registry: Registry;
  /** Proxies trusted to say how the client reached them (`x-forwarded-proto`). */
  trustProxyHops: number;
}

/** Answers hot hits before the stack, from what the stack answered before. */
export interface FastLane {
  /** The answer to `req`, or undefined for the full path. */
  answer(req: Request): Response | undefined;
  /** Keeps the headers of `res`, the full path's answer to `req`, when it was a fresh hit. */
  learn(req: Request, res: Response): void;
}

// Requests with these headers get headers of their own from the middleware.
const FULL_PATH_HEADERS = [
  "origin",
  "if-none-match",
  "if-modified-since",
  "traceparent",
  "x-request-id",
  "upgrade",
];
// What belongs to one response; the server sets the length and date itself.
const PER_RESPONSE = new Set([
  "age",
  "x-request-id",
  "traceparent",
  "content-security-policy",
  "content-length",
  "date",
]);
const NONCE_IN_POLICY = /'nonce-([^']+)'/;

interface Learned {
  /** Shared by every answer: a Response copies them without checking each again. */
  headers: Headers;
  /** The policy cut at its nonce, where there is one. */
  policy?: [string, string];
  /** A page cut at its nonce placeholders, to be joined with each answer's nonce. */
  parts?: string[];
}

/** Creates the fast lane over `cache`. */
export function createFastLane(options: FastLaneOptions): FastLane {
  const { cache, trustProxyHops } = options;
  const answered = options.registry.counter(
    "edge_fast_lane_total",
    "Hot hits answered before the middleware stack",
  );
  const learned = new WeakMap<Entry, Map<string, Learned>>();
  const eligible = (req: Request) =>
    (req.method === "GET" || req.method === "HEAD") &&
    !FULL_PATH_HEADERS.some((name) => req.headers.has(name));
  const proto = (req: Request) =>
    resolveClientProto(req.url, req.headers.get("x-forwarded-proto"), trustProxyHops);

  return {
    answer(req) {
      if (!eligible(req)) return undefined;
      const url = req.url;
      const pathStart = url.indexOf("/", url.indexOf("//") + 2);
      const queryStart = url.indexOf("?", pathStart);
      const entry = cache.peekFresh(
        req,
        url.slice(pathStart, queryStart === -1 ? undefined : queryStart),
      );
      const known = entry && learned.get(entry)?.get(`${req.method} ${proto(req)}`);
      if (!entry || !known) return undefined;
      const nonce = known.policy ? randomBase64Url(16) : undefined;
      let body: string | Uint8Array<ArrayBuffer> | null = entry.bytes;
      if (req.method === "HEAD") body = null;
      else if (nonce && known.parts) body = known.parts.join(nonce);
      const res = new Response(body, { status: 200, headers: known.headers });
      const headers = res.headers;
      if (nonce) headers.set("content-security-policy", known.policy!.join(nonce));
      headers.set("age", String(Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000))));
      headers.set("x-request-id", crypto.randomUUID());
      headers.set("traceparent", formatTraceparent(randomHex(16), randomHex(8)));
      answered.inc();
      return res;
    },
    learn(req, res) {
      if (res.status !== 200 || !eligible(req)) return;
      const entry = cache.servedFrom(req);
      if (!entry) return;
      const headers = new Headers();
      res.headers.forEach((value, name) => {
        if (!PER_RESPONSE.has(name)) headers.append(name, value);
      });
      const policy = res.headers.get("content-security-policy");
      const nonce = policy ? NONCE_IN_POLICY.exec(policy)?.[1] : undefined;
      // A policy without a nonce would be a header this lane cannot renew.
      if (policy && !nonce) return;
      const html = /^text\/html\b/i.test(res.headers.get("content-type") ?? "");
      // The middleware write the nonce into pages (and take the rest as it is).
      const parts = policy && html ? nonceParts(entry.bytes) : undefined;
      if (policy && html && !parts) return;
      let byScheme = learned.get(entry);
      if (!byScheme) learned.set(entry, byScheme = new Map());
      byScheme.set(`${req.method} ${proto(req)}`, {
        headers,
        ...(parts ? { parts } : {}),
        ...(policy && nonce ? { policy: policy.split(nonce) as [string, string] } : {}),
      });
    },
  };
}
