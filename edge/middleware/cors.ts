/**
 * CORS for the listed origins only, with Hono's `cors`: credentials are allowed, and the
 * allowed origin is always echoed, never `*`, so a cookie or token is never exposed to an
 * origin nobody listed. Preflights are answered here, before any token check.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { cors as honoCors } from "hono/cors";

/** Options of {@linkcode cors}. */
export interface CorsOptions {
  origins: readonly string[];
  /** How long a browser may cache a preflight answer, in seconds; 600 by default. */
  maxAgeSec?: number;
}

/** Request headers a listed origin may send. */
export const ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  "idempotency-key",
  "if-match",
  "if-none-match",
  "traceparent",
  "x-request-id",
];

/** Response headers a listed origin's scripts may read. */
export const EXPOSED_HEADERS = [
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
];

/** Answers preflights and adds CORS headers for listed origins. */
export function cors(options: CorsOptions): MiddlewareHandler {
  return honoCors({
    origin: [...options.origins],
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ALLOWED_HEADERS,
    exposeHeaders: EXPOSED_HEADERS,
    credentials: true,
    maxAge: options.maxAgeSec ?? 600,
  });
}
