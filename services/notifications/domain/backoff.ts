/**
 * When to try a failed email again: exponential backoff with a cap, and when to give up.
 * @module
 */

/** How the sender retries. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The outcome of a failed attempt: try again at a time, or give up. */
export type AfterFailure = { kind: "retry"; at: Date } | { kind: "give_up" };

/** Decides what follows the `attempts`-th failed attempt at `now`. */
export function afterFailure(attempts: number, now: Date, policy: RetryPolicy): AfterFailure {
  if (attempts >= policy.maxAttempts) return { kind: "give_up" };
  const delay = Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxDelayMs);
  return { kind: "retry", at: new Date(now.getTime() + delay) };
}
