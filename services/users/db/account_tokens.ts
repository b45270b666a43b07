/**
 * Queries on the `account_tokens` table: mailed single-use links, stored as hashes.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import type { TokenPurpose } from "../domain/account_tokens.ts";

/** A stored link token (its hash, never its value). */
export interface AccountTokenRow {
  id: string;
  userId: string;
  purpose: TokenPurpose;
  tokenHash: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Stores a new token. */
export async function insertAccountToken(tx: Tx, row: AccountTokenRow): Promise<void> {
  await tx`insert into account_tokens
    (id, user_id, purpose, token_hash, email, created_at, expires_at, used_at)
    values (${row.id}, ${row.userId}, ${row.purpose}, ${row.tokenHash}, ${row.email},
      ${row.createdAt}, ${row.expiresAt}, ${row.usedAt})`;
}

/** The token with this hash; `lock` holds it until the transaction ends, so it works once. */
export async function findAccountToken(
  tx: Tx,
  tokenHash: string,
  options: { lock?: boolean } = {},
): Promise<AccountTokenRow | undefined> {
  const [row] = options.lock
    ? await tx<AccountTokenRow[]>`select * from account_tokens
      where token_hash = ${tokenHash} for update`
    : await tx<AccountTokenRow[]>`select * from account_tokens where token_hash = ${tokenHash}`;
  return row;
}

/** Marks one token used. */
export async function markAccountTokenUsed(tx: Tx, id: string, at: Date): Promise<void> {
  await tx`update account_tokens set used_at = ${at} where id = ${id}`;
}

/**
 * Retires a user's unused tokens of `purpose` (all purposes when absent), so only the
 * newest link works; `exceptEmail` keeps those mailed to that address.
 */
export async function retireAccountTokens(
  tx: Tx,
  userId: string,
  at: Date,
  options: { purpose?: TokenPurpose; exceptEmail?: string } = {},
): Promise<void> {
  const { purpose, exceptEmail } = options;
  await tx`update account_tokens set used_at = ${at}
    where user_id = ${userId} and used_at is null
      ${purpose ? tx`and purpose = ${purpose}` : tx``}
      ${exceptEmail ? tx`and email <> ${exceptEmail}` : tx``}`;
}

/**
 * When a user's tokens of `purpose` were made since `since`, newest first; only those
 * mailed to `email`, or to any address but `exceptEmail`, when given.
 */
export async function recentTokenTimes(
  sql: Sql,
  userId: string,
  purpose: TokenPurpose,
  since: Date,
  to: { email?: string; exceptEmail?: string } = {},
): Promise<Date[]> {
  const rows = await sql<{ createdAt: Date }[]>`select created_at from account_tokens
    where user_id = ${userId} and purpose = ${purpose} and created_at > ${since}
      ${to.email ? sql`and email = ${to.email}` : sql``}
      ${to.exceptEmail ? sql`and email <> ${to.exceptEmail}` : sql``}
    order by created_at desc limit 20`;
  return rows.map((r) => r.createdAt);
}

/** The new address a user asked to move to and has not confirmed yet, if any. */
export async function pendingEmail(
  sql: Sql,
  user: { id: string; email: string },
  now: Date,
): Promise<string | null> {
  const [row] = await sql<{ email: string }[]>`select email from account_tokens
    where user_id = ${user.id} and purpose = 'email_verification' and used_at is null
      and expires_at > ${now} and email <> ${user.email}
    order by created_at desc limit 1`;
  return row?.email ?? null;
}
