/**
 * Queries on the `refresh_tokens` table.
 * @module
 */
import type { Tx } from "@marquee/db";

/** A stored refresh token (its hash, never its value). */
export interface RefreshTokenRow {
  id: string;
  familyId: string;
  userId: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

/** Stores a new token. */
export async function insertRefreshToken(tx: Tx, row: RefreshTokenRow): Promise<void> {
  await tx`insert into refresh_tokens
    (id, family_id, user_id, token_hash, created_at, expires_at, used_at, revoked_at)
    values (${row.id}, ${row.familyId}, ${row.userId}, ${row.tokenHash}, ${row.createdAt},
      ${row.expiresAt}, ${row.usedAt}, ${row.revokedAt})`;
}

/** The token with this hash, locked until the transaction ends so it rotates only once. */
export async function lockRefreshToken(
  tx: Tx,
  tokenHash: string,
): Promise<RefreshTokenRow | undefined> {
  const [row] = await tx<RefreshTokenRow[]>`select * from refresh_tokens
    where token_hash = ${tokenHash} for update`;
  return row;
}

/** The token with this hash, if any. */
export async function findRefreshToken(
  tx: Tx,
  tokenHash: string,
): Promise<RefreshTokenRow | undefined> {
  const [row] = await tx<RefreshTokenRow[]>`select * from refresh_tokens
    where token_hash = ${tokenHash}`;
  return row;
}

/** Marks a token as rotated. */
export async function markRefreshTokenUsed(tx: Tx, id: string, at: Date): Promise<void> {
  await tx`update refresh_tokens set used_at = ${at} where id = ${id}`;
}

/** Revokes every token of a family not yet revoked; returns how many. */
export async function revokeFamily(tx: Tx, familyId: string, at: Date): Promise<number> {
  const rows = await tx`update refresh_tokens set revoked_at = ${at}
    where family_id = ${familyId} and revoked_at is null returning id`;
  return rows.length;
}

/** Revokes every token of a user not yet revoked, ending all their sessions. */
export async function revokeUserTokens(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx`update refresh_tokens set revoked_at = ${at}
    where user_id = ${userId} and revoked_at is null`;
}
