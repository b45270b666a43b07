/**
 * W3C trace context: continue the caller's trace or start one, and run the request
 * inside a log context carrying request id and trace id.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { withLogContext } from "@marquee/log";
import { randomHex } from "./random.ts";

export { randomBase64Url, randomHex } from "./random.ts";

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A parsed `traceparent` header. */
export interface TraceParent {
  traceId: string;
  parentId: string;
  flags: string;
}

/** The caller's `x-request-id` when it is well-formed, else a new one. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && REQUEST_ID.test(header) ? header : crypto.randomUUID();
}

/** Parses a `traceparent` header; invalid or all-zero ids give undefined. */
export function parseTraceparent(header: string | null | undefined): TraceParent | undefined {
  const m = header ? TRACEPARENT.exec(header.trim()) : null;
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return undefined;
  return { traceId: m[1]!, parentId: m[2]!, flags: m[3]! };
}

/** Formats a traceparent header. */
export function formatTraceparent(traceId: string, spanId: string, flags = "01"): string {
  return `00-${traceId}-${spanId}-${flags}`;
}

/** Sets `requestId`, `traceId` and `spanId` and answers with `x-request-id` and `traceparent`. */
export function traceContext(): MiddlewareHandler {
  return async function traceContext(c, next) {
    const incoming = c.req.header("x-request-id");
    const requestId = requestIdFrom(incoming);
    const parent = parseTraceparent(c.req.header("traceparent"));
    const traceId = parent?.traceId ?? randomHex(16);
    const spanId = randomHex(8);
    c.set("requestId" as never, requestId as never);
    c.header("x-request-id", requestId);
    c.header("traceparent", formatTraceparent(traceId, spanId, parent?.flags));
    await withLogContext({ requestId, traceId, spanId }, () => next());
  };
}
