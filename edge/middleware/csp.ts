/**
 * Content-Security-Policy with a fresh nonce per HTML response. The storefront renders every
 * `<script>` with `nonce="__MARQUEE_CSP_NONCE__"`; the edge replaces each placeholder with a
 * random nonce and names that nonce in the header. Because the replacement happens here,
 * after the cache, cached pages hold the placeholder and every hit still gets its own nonce.
 * @module
 */
import type { MiddlewareHandler } from "hono";

/** The literal the storefront writes as every script's nonce; the edge replaces it. */
export const CSP_NONCE_PLACEHOLDER = "__MARQUEE_CSP_NONCE__";

/** Options of {@linkcode csp}. */
export interface CspOptions {
  /** Origin of public blob storage (S3/MinIO), allowed for images and fetches. */
  blobOrigin?: string;
}

/** A random nonce: 128 bits, base64url. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** The policy for a page whose scripts carry `nonce`. */
export function contentSecurityPolicy(nonce: string, blobOrigin?: string): string {
  const blob = blobOrigin ? ` ${blobOrigin}` : "";
  return [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonced module loader import the islands it needs.
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${blob}`,
    "media-src 'self' blob:",
    `connect-src 'self' ws: wss:${blob}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'self'",
  ].join("; ");
}

/** Sets the CSP on `text/html` responses and writes its nonce into the page. */
export function csp(options: CspOptions = {}): MiddlewareHandler {
  const blobOrigin = options.blobOrigin ? new URL(options.blobOrigin).origin : undefined;
  return async function csp(c, next) {
    await next();
    const res = c.res;
    // A 304 keeps the page (and the policy) the browser already holds: a new nonce in the
    // header would not match the nonce in the stored body.
    if (res.status === 101 || res.status === 304) return;
    if (!/^text\/html\b/i.test(res.headers.get("content-type") ?? "")) return;
    const nonce = createNonce();
    const body = res.body?.pipeThrough(new TextDecoderStream())
      .pipeThrough(replaceAll(CSP_NONCE_PLACEHOLDER, nonce))
      .pipeThrough(new TextEncoderStream()) ?? null;
    c.res = new Response(body, res);
    c.res.headers.delete("content-length");
    c.res.headers.set("content-security-policy", contentSecurityPolicy(nonce, blobOrigin));
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
