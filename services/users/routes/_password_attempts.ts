/**
 * Password attempts, at sign-in and before a sensitive change alike: one sliding window of
 * failures per email and per client address (`domain/login_throttle.ts`), so a stolen access
 * token cannot be used to guess the password any faster than the sign-in form allows.
 * @module
 */
import type { Context } from "hono";
import { HttpProblem } from "@marquee/http";
import { clearEmailFailures, recentFailures, recordFailure } from "../db/login_failures.ts";
import { decideLogin, failuresNeeded, windowStart } from "../domain/login_throttle.ts";
import type { RouteDeps } from "./_deps.ts";
import { clientAddress } from "./_client_address.ts";

/** An attempt let through the throttle: say how it went. */
export interface PasswordAttempt {
  /** The password was wrong: counts against the window. */
  failed(): Promise<void>;
  /** The password was right: the email's failures are forgotten. */
  succeeded(): Promise<void>;
}

/**
 * Starts an attempt for `email` from the request's client; a 429 (with `Retry-After`) saying
 * "Too many <what>" when the window is full.
 */
export async function passwordAttempt(
  deps: Pick<RouteDeps, "sql" | "config" | "clock">,
  c: Context,
  email: string,
  what: string,
): Promise<PasswordAttempt> {
  const { sql, config, clock } = deps;
  const policy = {
    windowSec: config.LOGIN_WINDOW_SEC,
    maxPerEmail: config.LOGIN_MAX_FAILURES_PER_EMAIL,
    maxPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
  };
  const now = clock();
  const subjects = { email, address: clientAddress(c, { trustProxy: config.TRUST_PROXY }) };
  const since = windowStart(now, policy);
  const failures = await recentFailures(sql, subjects, since, failuresNeeded(policy));
  const decision = decideLogin(failures, now, policy);
  if (decision.kind === "throttle") {
    throw new HttpProblem(
      429,
      `Too many ${what}; try again in ${decision.retryAfterSec} seconds`,
      { headers: { "retry-after": String(decision.retryAfterSec) } },
    );
  }
  return {
    failed: () => recordFailure(sql, subjects, now, since),
    succeeded: () => clearEmailFailures(sql, email),
  };
}
