/**
 * Confirming the signed-in user's current password before a sensitive change. Wrong
 * answers count against the same sliding window as failed logins, so a stolen access
 * token cannot be used to guess the password.
 * @module
 */
import type { Context } from "hono";
import { HttpProblem, validationProblem } from "@marquee/http";
import { clearEmailFailures, recentFailures, recordFailure } from "../db/login_failures.ts";
import type { UserRow } from "../db/users.ts";
import { decideLogin, failuresNeeded, windowStart } from "../domain/login_throttle.ts";
import type { RouteDeps } from "./_deps.ts";
import { clientAddress } from "./_client_address.ts";

/** Throws a 422 naming `field` unless `password` is the user's; 429 after too many misses. */
export async function confirmPassword(
  deps: RouteDeps,
  c: Context,
  check: { user: UserRow; password: string; field: string },
): Promise<void> {
  const { sql, config, clock, passwords } = deps;
  const policy = {
    windowSec: config.LOGIN_WINDOW_SEC,
    maxPerEmail: config.LOGIN_MAX_FAILURES_PER_EMAIL,
    maxPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
  };
  const now = clock();
  const subjects = {
    email: check.user.email,
    address: clientAddress(c, { trustProxy: config.TRUST_PROXY }),
  };
  const since = windowStart(now, policy);
  const failures = await recentFailures(sql, subjects, since, failuresNeeded(policy));
  const decision = decideLogin(failures, now, policy);
  if (decision.kind === "throttle") {
    throw new HttpProblem(
      429,
      `Too many wrong passwords; try again in ${decision.retryAfterSec} seconds`,
      { headers: { "retry-after": String(decision.retryAfterSec) } },
    );
  }
  if (await passwords.verify(check.user.passwordHash, check.password)) {
    await clearEmailFailures(sql, check.user.email);
    return;
  }
  await recordFailure(sql, subjects, now, since);
  throw validationProblem([{ field: check.field, message: "Your current password is incorrect" }]);
}
