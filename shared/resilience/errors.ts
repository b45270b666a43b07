/**
 * Typed failures of the inter-service client, so callers can tell "the upstream said no"
 * from "we never asked it".
 * @module
 */

/** The upstream's breaker is open: the call failed fast without touching the network. */
export class CircuitOpenError extends Error {
  override name = "CircuitOpenError";
  constructor(readonly upstream: string) {
    super(`Circuit for upstream "${upstream}" is open`);
  }
}

/** The bulkhead's queue is full: the call was refused before it started. */
export class BulkheadRejectedError extends Error {
  override name = "BulkheadRejectedError";
  constructor(readonly maxConcurrent: number, readonly maxQueue: number) {
    super(`Bulkhead is full with ${maxConcurrent} active and ${maxQueue} queued calls`);
  }
}

/** Every attempt ran out of time. */
export class UpstreamTimeoutError extends Error {
  override name = "UpstreamTimeoutError";
  constructor(readonly upstream: string, readonly timeoutMs: number, options?: ErrorOptions) {
    super(`Upstream "${upstream}" did not answer within ${timeoutMs} ms`, options);
  }
}

/** The upstream answered with a status the `json` helper does not accept. */
export class UpstreamStatusError extends Error {
  override name = "UpstreamStatusError";
  constructor(
    readonly upstream: string,
    readonly status: number,
    /** The response body, parsed as JSON when it was JSON (problem details), else text. */
    readonly body: unknown,
  ) {
    super(`Upstream "${upstream}" answered with status ${status}`);
  }
}
