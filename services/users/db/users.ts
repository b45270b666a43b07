/**
 * Queries on the `users` table.
 * @module
 */
import type { Role } from "@marquee/contracts";
import type { Sql, Tx } from "@marquee/db";

/** A stored account. */
export interface UserRow {
  id: string;
  email: string;
  passwordHash: string;
  displayName: string;
  bio: string | null;
  roles: Role[];
  /** When the current address was confirmed through a mailed link; null until then. */
  emailVerifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The unique constraint a taken email violates. */
export const EMAIL_TAKEN = "users_email_key";

/** Inserts an account; rejects with a unique violation on {@linkcode EMAIL_TAKEN}. */
export async function insertUser(tx: Tx, user: UserRow): Promise<void> {
  await tx`insert into users
    (id, email, password_hash, display_name, bio, roles, email_verified_at, created_at,
      updated_at)
    values (${user.id}, ${user.email}, ${user.passwordHash}, ${user.displayName}, ${user.bio},
      ${tx.array(user.roles)}::text[], ${user.emailVerifiedAt}, ${user.createdAt},
      ${user.updatedAt})`;
}

/** The account with this (normalized) email. */
export async function findUserByEmail(sql: Tx, email: string): Promise<UserRow | undefined> {
  const [row] = await sql<UserRow[]>`select * from users where email = ${email}`;
  return row;
}

/** The account with this id; `lock` holds it until the transaction ends. */
export async function findUserById(
  sql: Tx,
  id: string,
  options: { lock?: boolean } = {},
): Promise<UserRow | undefined> {
  const [row] = options.lock
    ? await sql<UserRow[]>`select * from users where id = ${id} for update`
    : await sql<UserRow[]>`select * from users where id = ${id}`;
  return row;
}

/** Writes the profile fields. */
export async function updateProfile(
  tx: Tx,
  id: string,
  profile: { displayName: string; bio: string | null; updatedAt: Date },
): Promise<UserRow> {
  const [row] = await tx<UserRow[]>`update users
    set display_name = ${profile.displayName}, bio = ${profile.bio},
      updated_at = ${profile.updatedAt}
    where id = ${id} returning *`;
  return row!;
}

/** Writes a new password hash. */
export async function updatePassword(
  tx: Tx,
  id: string,
  passwordHash: string,
  updatedAt: Date,
): Promise<void> {
  await tx`update users set password_hash = ${passwordHash}, updated_at = ${updatedAt}
    where id = ${id}`;
}

/**
 * Sets the address and when it was confirmed; rejects with a unique violation on
 * {@linkcode EMAIL_TAKEN} when another account holds it.
 */
export async function updateEmail(
  tx: Tx,
  id: string,
  email: { email: string; verifiedAt: Date },
): Promise<UserRow> {
  const [row] = await tx<UserRow[]>`update users
    set email = ${email.email}, email_verified_at = ${email.verifiedAt},
      updated_at = ${email.verifiedAt}
    where id = ${id} returning *`;
  return row!;
}

/** Writes the roles. */
export async function updateRoles(
  tx: Tx,
  id: string,
  roles: Role[],
  updatedAt: Date,
): Promise<UserRow> {
  const [row] = await tx<UserRow[]>`update users
    set roles = ${tx.array(roles)}::text[], updated_at = ${updatedAt}
    where id = ${id} returning *`;
  return row!;
}

/** The account after which the next page starts. */
export interface UserCursor {
  createdAt: Date;
  id: string;
}

/** One page of accounts, newest first, after `after`, matching `q` in email or name. */
export async function listUsers(
  sql: Sql,
  options: { after?: UserCursor; limit: number; q?: string },
): Promise<UserRow[]> {
  const { after, limit, q } = options;
  const pattern = q ? `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : undefined;
  return await sql<UserRow[]>`select * from users
    where true
      ${after ? sql`and (created_at, id) < (${after.createdAt}, ${after.id})` : sql``}
      ${pattern ? sql`and (email ilike ${pattern} or display_name ilike ${pattern})` : sql``}
    order by created_at desc, id desc
    limit ${limit}`;
}
