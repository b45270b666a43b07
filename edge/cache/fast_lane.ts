/**
 * The fast lane: a fresh page held in this isolate's memory is answered before the
 * middleware stack runs, with the same headers the full path would add (security headers,
 * a fresh CSP nonce, request id and trace context). Anything unusual — credentials, an
 * `Origin` (CORS), conditional or traced requests — takes the full path.
 * @module
 */
import { formatTraceparent, randomHex } from "@marquee/http";
import type { Registry } from "@marquee/metrics";
import {
  createNonce,
  joinWithNonce,
  policyBuilder,
  splitAtPlaceholders,
} from "../middleware/csp.ts";
import { securityHeaderList } from "../middleware/security_headers.ts";
import type { EdgeCache, Entry } from "./edge_cache.ts";

export interface FastLaneOptions {
  cache: EdgeCache;
  registry: Registry;
  publicUrl: string;
  blobOrigin?: string;
}

interface Fixed {
  list: Array<[string, string]>;
  /** An HTML page cut at its nonce placeholders. */
  parts?: Uint8Array[];
}

// Requests with these headers need what only the full path does.
const FULL_PATH_HEADERS = ["origin", "if-none-match", "if-modified-since", "traceparent"];

/** Returns a function answering hot cache hits, or undefined for the full path. */
export function createFastLane(options: FastLaneOptions): (req: Request) => Response | undefined {
  const { cache, registry } = options;
  const publicHttps = new URL(options.publicUrl).protocol === "https:";
  const blobOrigin = options.blobOrigin ? new URL(options.blobOrigin).origin : undefined;
  const answered = registry.counter("edge_fast_lane_total", "Hits answered before middleware");
  const policy = policyBuilder(blobOrigin);
  // What every hit of an entry shares, worked out once per entry and scheme.
  const shared = new WeakMap<Entry, { http?: Fixed; https?: Fixed }>();
  const fixedFor = (entry: Entry, https: boolean): Fixed => {
    let byScheme = shared.get(entry);
    if (!byScheme) shared.set(entry, byScheme = {});
    const scheme = https ? "https" : "http";
    const known = byScheme[scheme];
    if (known) return known;
    const headers = new Headers(entry.client);
    for (const [name, value] of securityHeaderList(https)) headers.set(name, value);
    headers.append("vary", "Origin");
    headers.set("x-cache", "HIT");
    headers.delete("content-length");
    const html = /^text\/html\b/i.test(headers.get("content-type") ?? "");
    const parts = html ? splitAtPlaceholders(entry.bytes) : undefined;
    return byScheme[scheme] = { list: [...headers], parts };
  };
  return function fastLane(req) {
    for (const name of FULL_PATH_HEADERS) if (req.headers.has(name)) return undefined;
    const url = req.url;
    const pathStart = url.indexOf("/", url.indexOf("//") + 2);
    const queryStart = url.indexOf("?", pathStart);
    const path = url.slice(pathStart, queryStart === -1 ? undefined : queryStart);
    const entry = cache.peekFresh(req, path);
    if (!entry) return undefined;
    const fixed = fixedFor(entry, publicHttps || url.startsWith("https:"));
    const headers = new Headers(fixed.list);
    headers.set("age", String(Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000))));
    headers.set("x-request-id", crypto.randomUUID());
    headers.set("traceparent", formatTraceparent(randomHex(16), randomHex(8)));
    let body: Uint8Array<ArrayBuffer> | null = entry.bytes;
    if (fixed.parts) {
      const nonce = createNonce();
      body = joinWithNonce(fixed.parts, nonce);
      headers.set("content-security-policy", policy(nonce));
    }
    answered.inc();
    return new Response(req.method === "HEAD" ? null : body, { status: 200, headers });
  };
}
