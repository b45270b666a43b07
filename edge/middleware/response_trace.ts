/**
 * Puts the request id and the edge's trace span on every answer. The kit's `traceContext`
 * prepares these headers on the context, but the edge answers with responses of its own
 * (proxied, cached, problems), which Hono does not merge the prepared headers into.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { type HeaderWrite, writeResponseHeaders } from "./_response_headers.ts";
import { formatTraceparent, parseTraceparent } from "@marquee/http";
import { currentLogContext } from "@marquee/log";

/** Sets `x-request-id` and `traceparent` on the response from the request's log context. */
export function responseTrace(): MiddlewareHandler {
  return async function responseTrace(c, next) {
    await next();
    if (c.res.status === 101) return;
    const context = currentLogContext();
    const writes: HeaderWrite[] = [];
    if (context?.requestId) writes.push(["x-request-id", context.requestId]);
    if (context?.traceId && context.spanId) {
      const flags = parseTraceparent(c.req.header("traceparent"))?.flags;
      writes.push(["traceparent", formatTraceparent(context.traceId, context.spanId, flags)]);
    }
    writeResponseHeaders(c, writes);
  };
}
