/**
 * Pure retry rules: which requests may be repeated, which outcomes are worth repeating,
 * and how long to wait in between.
 * @module
 */
import { hasHeader, type HeaderList } from "./header_list.ts";
import { UpstreamTimeoutError } from "./errors.ts";

/** Exponential backoff bounds in milliseconds. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** Default backoff: 50 ms doubling up to 1 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 50, maxMs: 1000 };

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Delay before retry number `attempt` (0 for the first retry): exponential with full jitter,
 * a uniform pick in `[0, min(maxMs, baseMs * 2^attempt))`.
 */
export function backoffDelay(
  attempt: number,
  opts: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Whether a request may be sent twice: a safe or idempotent method, or an `Idempotency-Key`. */
export function isIdempotent(method: string, headers: HeaderList): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase()) || hasHeader(headers, "idempotency-key");
}

/** Whether an attempt's outcome is transient: a network error, a timeout, 429, 502, 503 or 504. */
export function isRetryable(outcome: Response | unknown): boolean {
  if (outcome instanceof Response) return RETRYABLE_STATUSES.has(outcome.status);
  // fetch reports connection failures as TypeError.
  return outcome instanceof TypeError || outcome instanceof UpstreamTimeoutError;
}

/** Options of `retryAfterMs`. */
export interface RetryAfterOptions {
  /** Longest wait honoured, in milliseconds. */
  maxMs: number;
  /** The current time in epoch milliseconds, for HTTP-date values; `Date.now()` by default. */
  now?: number;
}

/**
 * The server-requested wait from a `Retry-After` header (seconds or an HTTP date), capped at
 * `maxMs`; undefined when absent or unreadable.
 */
export function retryAfterMs(
  header: string | null,
  options: RetryAfterOptions,
): number | undefined {
  const { maxMs, now = Date.now() } = options;
  if (header === null || header.trim() === "") return undefined;
  const value = header.trim();
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - now);
  }
  return Math.min(ms, maxMs);
}
