/**
 * The first admin, from ADMIN_EMAIL and ADMIN_PASSWORD: created at start-up when missing,
 * granted admin when it exists without it. An existing password is left alone, so changing
 * the variable later does not reset anyone's password.
 * @module
 */
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import { findUserByEmail, insertUser, updateRoles, type UserRow } from "../db/users.ts";
import { normalizeEmail } from "../domain/email.ts";
import { passwordProblem } from "../domain/password_policy.ts";
import { withAdmin } from "../domain/roles.ts";
import { userRegistered, userRolesChanged } from "../events/outgoing.ts";
import type { PasswordHasher } from "../security/passwords.ts";

/** Options of {@linkcode ensureFirstAdmin}. */
export interface FirstAdminOptions {
  sql: Sql;
  passwords: PasswordHasher;
  clock: () => Date;
  logger: Logger;
  email: string;
  password: string;
}

/** What start-up did about the first admin. */
export type FirstAdminOutcome = "created" | "granted" | "present";

/** Makes sure the configured account exists and is an admin. */
export async function ensureFirstAdmin(options: FirstAdminOptions): Promise<FirstAdminOutcome> {
  const { sql, passwords, clock, logger } = options;
  const email = normalizeEmail(options.email);
  const weak = passwordProblem(options.password, { email });
  if (weak) throw new Error(`ADMIN_PASSWORD is too weak: ${weak}`);
  // Hashing is slow; do it before taking the lock, even if the account turns out to exist.
  const existing = await findUserByEmail(sql, email);
  const passwordHash = existing ? undefined : await passwords.hash(options.password);
  const outcome = await sql.begin(async (tx): Promise<FirstAdminOutcome> => {
    await tx`select pg_advisory_xact_lock(7342102)`;
    const now = clock();
    const user = await findUserByEmail(tx, email);
    if (!user) {
      const row: UserRow = {
        id: crypto.randomUUID(),
        email,
        passwordHash: passwordHash ?? await passwords.hash(options.password),
        displayName: "Administrator",
        bio: null,
        roles: ["buyer", "admin"],
        emailVerifiedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await insertUser(tx, row);
      await userRegistered(tx, row);
      return "created";
    }
    const roles = withAdmin(user.roles);
    if (!roles) return "present";
    const row = await updateRoles(tx, user.id, roles, now);
    await userRolesChanged(tx, row, user.roles, null);
    return "granted";
  });
  if (outcome !== "present") logger.info("First admin ready", { email, outcome });
  return outcome;
}
