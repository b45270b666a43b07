/**
 * The pages' Content-Security-Policy, from Hono's `secureHeaders` with a fresh `NONCE` per
 * response. The storefront renders every `<script>` with `nonce="__MARQUEE_CSP_NONCE__"`.
 * Ours on top, which Hono lacks: that placeholder in the body is replaced by the nonce Hono
 * named in the header. Because the replacement happens here, after the cache, cached pages
 * hold the placeholder and every hit still gets its own nonce.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { NONCE, secureHeaders, type SecureHeadersVariables } from "hono/secure-headers";

/** The literal the storefront writes as every script's nonce; the edge replaces it. */
export const CSP_NONCE_PLACEHOLDER = "__MARQUEE_CSP_NONCE__";

/** Options of {@linkcode csp}. */
export interface CspOptions {
  /** Origin of public blob storage (S3/MinIO), allowed for images and fetches. */
  blobOrigin?: string;
  /** Allow Stripe.js and its frames (when a publishable key is configured). */
  stripe?: boolean;
}

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;

/** Every header but the CSP is set by `securityHeaders` for all responses. */
const CSP_ONLY: SecureHeadersOptions = {
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  strictTransportSecurity: false,
  xContentTypeOptions: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  removePoweredBy: false,
};

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
const PLACEHOLDER_BYTES = encoder.encode(CSP_NONCE_PLACEHOLDER);
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** The policy's directives for the given sources, scripts allowed by `NONCE` only. */
export function cspDirectives(
  options: CspOptions = {},
): NonNullable<SecureHeadersOptions["contentSecurityPolicy"]> {
  const blob = options.blobOrigin ? [new URL(options.blobOrigin).origin] : [];
  // Stripe.js (loaded by the nonced checkout island under 'strict-dynamic') talks to its API
  // and renders the card fields and 3-D Secure in its own frames.
  const stripe = options.stripe;
  return {
    defaultSrc: ["'self'"],
    // 'strict-dynamic' lets the nonced module loader import the islands it needs.
    scriptSrc: [NONCE, "'strict-dynamic'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:", "blob:", ...blob],
    mediaSrc: ["'self'", "blob:"],
    connectSrc: ["'self'", "ws:", "wss:", ...blob, ...(stripe ? ["https://api.stripe.com"] : [])],
    ...(stripe ? { frameSrc: ["https://js.stripe.com", "https://hooks.stripe.com"] } : {}),
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
    formAction: ["'self'"],
  };
}

/** Sets the pages' CSP with a fresh nonce and writes that nonce into `text/html` bodies. */
export function csp(
  options: CspOptions = {},
): MiddlewareHandler<{ Variables: SecureHeadersVariables }> {
  const policy = secureHeaders({ ...CSP_ONLY, contentSecurityPolicy: cspDirectives(options) });
  return async function csp(c, next) {
    await policy(c, next);
    const res = c.res;
    // A 304 keeps the page (and the policy) the browser already holds: a new nonce in the
    // header would not match the nonce in the stored body.
    if (res.status === 304) return void res.headers.delete("content-security-policy");
    const nonce = c.get("secureHeadersNonce");
    if (!nonce || !/^text\/html\b/i.test(res.headers.get("content-type") ?? "")) return;
    const length = Number(res.headers.get("content-length") ?? NaN);
    let body: BodyInit | null;
    if (res.body && length <= MAX_BUFFERED_BYTES) {
      // Pages of known, modest size (every cached page) are rewritten as bytes in one pass:
      // three chained text streams per response cost more than the page itself.
      body = withNonce(new Uint8Array(await res.arrayBuffer()), nonce);
    } else {
      body = res.body?.pipeThrough(new TextDecoderStream())
        .pipeThrough(replaceAll(CSP_NONCE_PLACEHOLDER, nonce))
        .pipeThrough(new TextEncoderStream()) ?? null;
    }
    const rewritten = new Response(body, res);
    // The nonce is not the placeholder's length; the server counts the new body itself.
    rewritten.headers.delete("content-length");
    // Replace outright: `rewritten` already has every header of `res`, which Hono's setter
    // would copy over once more.
    c.res = undefined as unknown as Response;
    c.res = rewritten;
  };
}

/** The page with every nonce placeholder replaced by `nonce`. */
export function withNonce(page: Uint8Array, nonce: string): Uint8Array<ArrayBuffer> {
  return replaceBytes(page, PLACEHOLDER_BYTES, encoder.encode(nonce));
}

/**
 * The page as text cut at its nonce placeholders, for answers that join the parts with their
 * own nonce (the fast lane, once per stored page); undefined when the page is not UTF-8.
 */
export function nonceParts(page: Uint8Array): string[] | undefined {
  try {
    return decoder.decode(page).split(CSP_NONCE_PLACEHOLDER);
  } catch {
    return undefined;
  }
}

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
