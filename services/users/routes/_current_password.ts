/**
 * Confirming the signed-in user's current password before a sensitive change. Wrong
 * answers count against the same sliding window as failed logins, so a stolen access
 * token cannot be used to guess the password.
 * @module
 */
import type { Context } from "hono";
import { validationProblem } from "@marquee/http";
import type { UserRow } from "../db/users.ts";
import type { RouteDeps } from "./_deps.ts";
import { passwordAttempt } from "./_password_attempts.ts";

/** Throws a 422 naming `field` unless `password` is the user's; 429 after too many misses. */
export async function confirmPassword(
  deps: RouteDeps,
  c: Context,
  check: { user: UserRow; password: string; field: string },
): Promise<void> {
  const attempt = await passwordAttempt(deps, c, check.user.email, "wrong passwords");
  if (await deps.passwords.verify(check.user.passwordHash, check.password)) {
    await attempt.succeeded();
    return;
  }
  await attempt.failed();
  throw validationProblem([{ field: check.field, message: "Your current password is incorrect" }]);
}
