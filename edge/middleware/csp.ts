/**
 * Content-Security-Policy with a fresh nonce per HTML response. The storefront renders every
 * `<script>` with `nonce="__MARQUEE_CSP_NONCE__"`; the edge replaces each placeholder with a
 * random nonce and names that nonce in the header. Because the replacement happens here,
 * after the cache, cached pages hold the placeholder and every hit still gets its own nonce.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { randomBase64Url } from "@marquee/http";

/** The literal the storefront writes as every script's nonce; the edge replaces it. */
export const CSP_NONCE_PLACEHOLDER = "__MARQUEE_CSP_NONCE__";

/** Options of {@linkcode csp}. */
export interface CspOptions {
  /** Origin of public blob storage (S3/MinIO), allowed for images and fetches. */
  blobOrigin?: string;
  /** Allow Stripe.js and its frames (when a publishable key is configured). */
  stripe?: boolean;
}

const encoder = new TextEncoder();
const PLACEHOLDER_BYTES = encoder.encode(CSP_NONCE_PLACEHOLDER);
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Every occurrence of `search` in `bytes` replaced by `replacement`, as new bytes. */
export function replaceBytes(
  bytes: Uint8Array,
  search: Uint8Array,
  replacement: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const hits: number[] = [];
  const first = search[0];
  outer: for (
    let i = bytes.indexOf(first!);
    i !== -1 && i <= bytes.length - search.length;
    i = bytes.indexOf(first!, i + 1)
  ) {
    for (let j = 1; j < search.length; j++) if (bytes[i + j] !== search[j]) continue outer;
    hits.push(i);
    i += search.length - 1;
  }
  const out = new Uint8Array(bytes.length + hits.length * (replacement.length - search.length));
  let from = 0;
  let to = 0;
  for (const at of hits) {
    out.set(bytes.subarray(from, at), to);
    to += at - from;
    out.set(replacement, to);
    to += replacement.length;
    from = at + search.length;
  }
  out.set(bytes.subarray(from), to);
  return out;
}

/** The page with every nonce placeholder replaced by `nonce`. */
export function withNonce(page: Uint8Array, nonce: string): Uint8Array<ArrayBuffer> {
  return replaceBytes(page, PLACEHOLDER_BYTES, encoder.encode(nonce));
}

/** A random nonce: 128 bits, base64url. */
export function createNonce(): string {
  return randomBase64Url(16);
}

/** A builder of the policy for the given sources: the text around the nonce is fixed. */
export function policyBuilder(options: CspOptions = {}): (nonce: string) => string {
  const [before, after] = contentSecurityPolicy("\u0000", options).split("\u0000");
  return (nonce) => before + nonce + after;
}

/** The policy for a page whose scripts carry `nonce`. */
export function contentSecurityPolicy(nonce: string, options: CspOptions = {}): string {
  const blobOrigin = options.blobOrigin ? new URL(options.blobOrigin).origin : undefined;
  const blob = blobOrigin ? ` ${blobOrigin}` : "";
  // Stripe.js (loaded by the nonced checkout island under 'strict-dynamic') talks to its API
  // and renders the card fields and 3-D Secure in its own frames.
  const stripeConnect = options.stripe ? " https://api.stripe.com" : "";
  return [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonced module loader import the islands it needs.
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${blob}`,
    "media-src 'self' blob:",
    `connect-src 'self' ws: wss:${blob}${stripeConnect}`,
    ...(options.stripe ? ["frame-src https://js.stripe.com https://hooks.stripe.com"] : []),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'self'",
  ].join("; ");
}

/** Sets the CSP on `text/html` responses and writes its nonce into the page. */
export function csp(options: CspOptions = {}): MiddlewareHandler {
  const policy = policyBuilder(options);
  return async function csp(c, next) {
    await next();
    const res = c.res;
    // A 304 keeps the page (and the policy) the browser already holds: a new nonce in the
    // header would not match the nonce in the stored body.
    if (res.status === 101 || res.status === 304) return;
    if (!/^text\/html\b/i.test(res.headers.get("content-type") ?? "")) return;
    const nonce = createNonce();
    const length = Number(res.headers.get("content-length") ?? NaN);
    let body: BodyInit | null;
    if (res.body && length <= MAX_BUFFERED_BYTES) {
      // Pages of known, modest size (every cached page) are rewritten as bytes in one pass:
      // three chained text streams per response cost more than the page itself.
      body = replaceBytes(
        new Uint8Array(await res.arrayBuffer()),
        PLACEHOLDER_BYTES,
        encoder.encode(nonce),
      );
    } else {
      body = res.body?.pipeThrough(new TextDecoderStream())
        .pipeThrough(replaceAll(CSP_NONCE_PLACEHOLDER, nonce))
        .pipeThrough(new TextEncoderStream()) ?? null;
    }
    const rewritten = new Response(body, res);
    // The nonce is not the placeholder's length; the server counts the new body itself.
    rewritten.headers.delete("content-length");
    rewritten.headers.set("content-security-policy", policy(nonce));
    // Replace outright: Hono's setter would merge the old response's headers back in.
    c.res = undefined as unknown as Response;
    c.res = rewritten;
  };
}

/**
 * A text stream replacing every `search` with `replacement`, also across chunk borders:
 * the longest tail of a chunk that could start a match waits for the next chunk.
 */
export function replaceAll(search: string, replacement: string): TransformStream<string, string> {
  let carry = "";
  return new TransformStream({
    transform(chunk, controller) {
      const text = carry + chunk;
      let out = "";
      let from = 0;
      for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, from)) {
        out += text.slice(from, at) + replacement;
        from = at + search.length;
      }
      const rest = text.slice(from);
      const keep = partialMatchLength(rest, search);
      carry = rest.slice(rest.length - keep);
      out += rest.slice(0, rest.length - keep);
      if (out) controller.enqueue(out);
    },
    flush(controller) {
      if (carry) controller.enqueue(carry);
    },
  });
}

/** Length of the longest suffix of `text` that is a proper prefix of `search`. */
function partialMatchLength(text: string, search: string): number {
  for (let n = Math.min(text.length, search.length - 1); n > 0; n--) {
    if (text.endsWith(search.slice(0, n))) return n;
  }
  return 0;
}
