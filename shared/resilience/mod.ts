/**
 * Resilience for calls between services: a client per upstream with timeouts, retries for
 * idempotent requests, a circuit breaker, a bulkhead, trace propagation and metrics.
 *
 * ```ts
 * const users = createUpstream({ name: "users", baseUrl: config.usersUrl, registry });
 * const me = await users.json<User>(`/users/${id}`);
 * ```
 * @module
 */
export { createUpstream, type Transport, type Upstream, type UpstreamOptions } from "./client.ts";
export {
  type Breaker,
  type BreakerOptions,
  type BreakerSettings,
  type BreakerState,
  createBreaker,
} from "./breaker.ts";
export {
  type Bulkhead,
  type BulkheadOptions,
  type BulkheadStats,
  createBulkhead,
} from "./bulkhead.ts";
export {
  BulkheadRejectedError,
  CircuitOpenError,
  UpstreamStatusError,
  UpstreamTimeoutError,
} from "./errors.ts";
export { newSpanId, propagateContext } from "./propagation.ts";
export {
  backoffDelay,
  type BackoffOptions,
  DEFAULT_BACKOFF,
  isIdempotent,
  isRetryable,
  retryAfterMs,
  type RetryAfterOptions,
} from "./retry.ts";
