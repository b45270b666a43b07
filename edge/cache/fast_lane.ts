/**
 * The fast lane: a fresh page held in this isolate's memory is answered before the
 * middleware stack runs, with the same headers the full path would add (security headers,
 * a fresh CSP nonce, request id and trace context). Anything unusual — credentials, an
 * `Origin` (CORS), conditional or traced requests — takes the full path.
 * @module
 */
import { formatTraceparent, randomHex } from "@marquee/http";
import type { Registry } from "@marquee/metrics";
import { contentSecurityPolicy, createNonce, withNonce } from "../middleware/csp.ts";
import { securityHeaderList } from "../middleware/security_headers.ts";
import type { EdgeCache } from "./edge_cache.ts";

export interface FastLaneOptions {
  cache: EdgeCache;
  registry: Registry;
  publicUrl: string;
  blobOrigin?: string;
}

// Requests with these headers need what only the full path does.
const FULL_PATH_HEADERS = ["origin", "if-none-match", "if-modified-since", "traceparent"];

/** Returns a function answering hot cache hits, or undefined for the full path. */
export function createFastLane(options: FastLaneOptions): (req: Request) => Response | undefined {
  const { cache, registry } = options;
  const publicHttps = new URL(options.publicUrl).protocol === "https:";
  const blobOrigin = options.blobOrigin ? new URL(options.blobOrigin).origin : undefined;
  const answered = registry.counter("edge_fast_lane_total", "Hits answered before middleware");
  return function fastLane(req) {
    for (const name of FULL_PATH_HEADERS) if (req.headers.has(name)) return undefined;
    const url = new URL(req.url);
    const entry = cache.peekFresh(req, url);
    if (!entry) return undefined;
    const headers = new Headers(entry.client);
    headers.set("age", String(Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000))));
    headers.set("x-cache", "HIT");
    for (const [name, value] of securityHeaderList(publicHttps || url.protocol === "https:")) {
      headers.set(name, value);
    }
    headers.append("vary", "Origin");
    headers.set("x-request-id", crypto.randomUUID());
    headers.set("traceparent", formatTraceparent(randomHex(16), randomHex(8)));
    let body: Uint8Array<ArrayBuffer> | null = entry.bytes;
    if (/^text\/html\b/i.test(headers.get("content-type") ?? "")) {
      const nonce = createNonce();
      body = withNonce(entry.bytes, nonce);
      headers.set("content-security-policy", contentSecurityPolicy(nonce, blobOrigin));
    }
    headers.delete("content-length");
    answered.inc();
    return new Response(req.method === "HEAD" ? null : body, { status: 200, headers });
  };
}
