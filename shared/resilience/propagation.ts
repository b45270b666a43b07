/**
 * Carries the ambient request id and W3C trace context onto outgoing requests, so one
 * request can be followed across services.
 * @module
 */
import { currentLogContext, type LogContext } from "@marquee/log";
import { hasHeader, type HeaderList } from "./header_list.ts";

const TRACE_ID = /^[0-9a-f]{32}$/;

/** A random 16-hex-digit span id (never all zeros, which W3C reserves). */
export function newSpanId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  if (bytes.every((b) => b === 0)) bytes[7] = 1;
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Adds `x-request-id` and `traceparent` (a child span of the current trace) to `headers`
 * from the log context, leaving any the caller already set untouched.
 */
export function propagateContext(
  headers: HeaderList,
  context: LogContext | undefined = currentLogContext(),
): HeaderList {
  if (!context) return headers;
  if (context.requestId && !hasHeader(headers, "x-request-id")) {
    headers.push(["x-request-id", context.requestId]);
  }
  const traceId = context.traceId?.toLowerCase();
  if (
    traceId && TRACE_ID.test(traceId) && !/^0+$/.test(traceId) &&
    !hasHeader(headers, "traceparent")
  ) {
    headers.push(["traceparent", `00-${traceId}-${newSpanId()}-01`]);
  }
  return headers;
}
