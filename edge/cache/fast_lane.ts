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
  CSP_NONCE_PLACEHOLDER,
  type CspOptions,
  policyBuilder,
} from "../middleware/csp.ts";
import { securityHeaderList } from "../middleware/security_headers.ts";
import type { EdgeCache, Entry } from "./edge_cache.ts";

export interface FastLaneOptions {
  cache: EdgeCache;
  registry: Registry;
  publicUrl: string;
  /** Sources of the content security policy. */
  csp: CspOptions;
}

interface Fixed {
  /** Headers every hit of the entry shares (a Response copies them without checking again). */
  headers: Headers;
  html: boolean;
  /** An HTML page as text cut at its nonce placeholders. */
  parts?: string[];
}

// Requests with these headers need what only the full path does.
const FULL_PATH_HEADERS = ["origin", "if-none-match", "if-modified-since", "traceparent"];
// Set per hit.
const PER_HIT = ["age", "x-request-id", "traceparent", "content-security-policy", "content-length"];
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Returns a function answering hot cache hits, or undefined for the full path. */
export function createFastLane(options: FastLaneOptions): (req: Request) => Response | undefined {
  const { cache, registry } = options;
  const publicHttps = new URL(options.publicUrl).protocol === "https:";
  const answered = registry.counter("edge_fast_lane_total", "Hits answered before middleware");
  const policy = policyBuilder(options.csp);
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
    for (const name of PER_HIT) headers.delete(name);
    const html = /^text\/html\b/i.test(headers.get("content-type") ?? "");
    const parts = html ? textParts(entry.bytes) : undefined;
    return byScheme[scheme] = { headers, html, parts };
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
    // A page that is not UTF-8 text gets its nonce written byte by byte on the full path.
    if (fixed.html && !fixed.parts) return undefined;
    let body: string | Uint8Array<ArrayBuffer> = entry.bytes;
    let nonce: string | undefined;
    if (fixed.parts) {
      nonce = createNonce();
      body = fixed.parts.join(nonce);
    }
    const res = new Response(req.method === "HEAD" ? null : body, {
      status: 200,
      headers: fixed.headers,
    });
    const headers = res.headers;
    headers.set("age", String(Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000))));
    headers.set("x-request-id", crypto.randomUUID());
    headers.set("traceparent", formatTraceparent(randomHex(16), randomHex(8)));
    if (nonce) headers.set("content-security-policy", policy(nonce));
    answered.inc();
    return res;
  };
}

/** The page as text cut at its nonce placeholders; undefined when it is not UTF-8. */
function textParts(bytes: Uint8Array): string[] | undefined {
  try {
    return decoder.decode(bytes).split(CSP_NONCE_PLACEHOLDER);
  } catch {
    return undefined;
  }
}
