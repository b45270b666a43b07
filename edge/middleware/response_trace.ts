/**
 * Puts the request id and the edge's trace span on every answer. The kit's `traceContext`
 * prepares these headers on the context, but the edge answers with responses of its own
 * (proxied, cached, problems), which Hono does not merge the prepared headers into.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { formatTraceparent, parseTraceparent } from "@marquee/http";
import { currentLogContext } from "@marquee/log";

/** Sets `x-request-id` and `traceparent` on the response from the request's log context. */
export function responseTrace(): MiddlewareHandler {
  return async function responseTrace(c, next) {
    await next();
    if (c.res.status === 101) return;
    const context = currentLogContext();
    if (context?.requestId) c.header("x-request-id", context.requestId);
    if (context?.traceId && context.spanId) {
      const flags = parseTraceparent(c.req.header("traceparent"))?.flags;
      c.header("traceparent", formatTraceparent(context.traceId, context.spanId, flags));
    }
  };
}
