/**
 * Refresh-token sessions: a login starts a family, each refresh rotates within it, a
 * replayed token or a logout ends it.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import {
  findRefreshToken,
  insertRefreshToken,
  lockRefreshToken,
  markRefreshTokenUsed,
  revokeFamily,
} from "../db/refresh_tokens.ts";
import { decideRefresh } from "../domain/refresh_rotation.ts";
import { hashRefreshToken, newRefreshToken } from "./refresh_token.ts";

/** Stores a new token in `familyId` and returns its value, the only time it is known. */
export async function issueRefreshToken(
  tx: Tx,
  session: { userId: string; familyId: string; now: Date; ttlSec: number },
): Promise<string> {
  const token = newRefreshToken();
  await insertRefreshToken(tx, {
    id: crypto.randomUUID(),
    familyId: session.familyId,
    userId: session.userId,
    tokenHash: await hashRefreshToken(token),
    createdAt: session.now,
    expiresAt: new Date(session.now.getTime() + session.ttlSec * 1000),
    usedAt: null,
    revokedAt: null,
  });
  return token;
}

/** The outcome of presenting a refresh token. */
export type Redeemed =
  | { kind: "rotated"; userId: string; refreshToken: string }
  | { kind: "refused"; reason: "unknown" | "revoked" | "expired" | "reused" };

/**
 * Rotates a token: the old one is marked used and a new one joins its family. Runs in its
 * own transaction, so a family revoked for reuse stays revoked although the caller refuses.
 */
export async function redeemRefreshToken(
  sql: Sql,
  token: string,
  now: Date,
  ttlSec: number,
  graceSec = 0,
): Promise<Redeemed> {
  const tokenHash = await hashRefreshToken(token);
  return await sql.begin(async (tx): Promise<Redeemed> => {
    const row = await lockRefreshToken(tx, tokenHash);
    const decision = decideRefresh(row, now, ttlSec, graceSec);
    switch (decision.kind) {
      case "refuse":
        return { kind: "refused", reason: decision.reason };
      case "revoke_family":
        await revokeFamily(tx, row!.familyId, now);
        return { kind: "refused", reason: decision.reason };
      case "rotate": {
        // A second tab within the grace: the token is used already, the family goes on.
        if (!decision.concurrent) await markRefreshTokenUsed(tx, row!.id, now);
        const refreshToken = await issueRefreshToken(tx, {
          userId: row!.userId,
          familyId: row!.familyId,
          now,
          ttlSec,
        });
        return { kind: "rotated", userId: row!.userId, refreshToken };
      }
      default: {
        const never: never = decision;
        throw new Error(`Unknown decision ${JSON.stringify(never)}`);
      }
    }
  });
}

/** Revokes the family of `token`; unknown tokens are ignored (logging out twice is fine). */
export async function endSession(sql: Sql, token: string, now: Date): Promise<void> {
  const row = await findRefreshToken(sql, await hashRefreshToken(token));
  if (row) await revokeFamily(sql, row.familyId, now);
}
