/**
 * CORS for the listed origins only. Credentials are allowed for those origins, and the
 * allowed origin is always echoed, never `*`, so a cookie or token is never exposed to an
 * origin nobody listed. Preflights are answered here, before any token check.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { type HeaderWrite, writeResponseHeaders } from "./_response_headers.ts";
import { problem } from "../_problem.ts";

/** Options of {@linkcode cors}. */
export interface CorsOptions {
  origins: readonly string[];
  /** How long a browser may cache a preflight answer, in seconds; 600 by default. */
  maxAgeSec?: number;
}

const METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
const ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  "idempotency-key",
  "if-match",
  "if-none-match",
  "traceparent",
  "x-request-id",
];
const EXPOSED_HEADERS = [
  "etag",
  "location",
  "retry-after",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
  "ratelimit-policy",
  "traceparent",
  "x-cache",
  "x-request-id",
].join(", ");

/** Answers preflights and adds CORS headers for listed origins. */
export function cors(options: CorsOptions): MiddlewareHandler {
  const allowed = new Set(options.origins);
  const maxAge = String(options.maxAgeSec ?? 600);
  return async function cors(c, next) {
    const origin = c.req.header("origin");
    const listed = origin !== undefined && allowed.has(origin);
    if (c.req.method === "OPTIONS" && origin && c.req.header("access-control-request-method")) {
      if (!listed) return problem(c, 403, `Origin "${origin}" is not allowed`);
      const requested = (c.req.header("access-control-request-headers") ?? "")
        .split(",").map((h) => h.trim().toLowerCase()).filter((h) => ALLOWED_HEADERS.includes(h));
      return c.body(null, 204, {
        "access-control-allow-origin": origin,
        "access-control-allow-credentials": "true",
        "access-control-allow-methods": METHODS,
        "access-control-allow-headers": requested.join(", "),
        "access-control-max-age": maxAge,
        "vary": "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
      });
    }
    await next();
    if (c.res.status === 101) return;
    const writes: HeaderWrite[] = [["vary", "Origin", "append"]];
    if (listed) {
      writes.push(
        ["access-control-allow-origin", origin],
        ["access-control-allow-credentials", "true"],
        ["access-control-expose-headers", EXPOSED_HEADERS],
      );
    }
    writeResponseHeaders(c, writes);
  };
}
