/**
 * Whether a login attempt may go ahead, from the failures recently recorded for its email
 * and its client address. The caller reads the failures and records new ones; this only
 * decides, so it is tested without a database or a clock.
 * @module
 */

/** Limits of the sliding window. */
export interface ThrottlePolicy {
  windowSec: number;
  maxPerEmail: number;
  maxPerAddress: number;
}

/** Failure times inside the window (any order), per counter. */
export interface RecentFailures {
  email: readonly Date[];
  address: readonly Date[];
}

/** The outcome: go ahead, or wait `retryAfterSec` before the next try. */
export type ThrottleDecision =
  | { kind: "allow" }
  | { kind: "throttle"; by: "email" | "address"; retryAfterSec: number };

/** The start of the window that ends at `now`; older failures no longer count. */
export function windowStart(now: Date, policy: ThrottlePolicy): Date {
  return new Date(now.getTime() - policy.windowSec * 1000);
}

/** How many failures of each counter the decision needs to see (newest first). */
export function failuresNeeded(policy: ThrottlePolicy): { email: number; address: number } {
  return { email: policy.maxPerEmail, address: policy.maxPerAddress };
}

/**
 * Throttles once a counter holds `max` failures in the window, until the oldest of the
 * newest `max` leaves it: then one more attempt fits. The longer wait of the two wins.
 */
export function decideLogin(
  failures: RecentFailures,
  now: Date,
  policy: ThrottlePolicy,
): ThrottleDecision {
  const start = windowStart(now, policy).getTime();
  const waits = [
    { by: "email" as const, wait: waitFor(failures.email, policy.maxPerEmail) },
    { by: "address" as const, wait: waitFor(failures.address, policy.maxPerAddress) },
  ].filter((w) => w.wait > 0).sort((a, b) => b.wait - a.wait);
  const longest = waits[0];
  if (!longest) return { kind: "allow" };
  return { kind: "throttle", by: longest.by, retryAfterSec: Math.ceil(longest.wait / 1000) };

  function waitFor(times: readonly Date[], max: number): number {
    const recent = times.map((t) => t.getTime()).filter((t) => t > start).sort((a, b) => b - a);
    if (recent.length < max) return 0;
    const freesAt = recent[max - 1]! + policy.windowSec * 1000;
    return Math.max(freesAt - now.getTime(), 1000);
  }
}
