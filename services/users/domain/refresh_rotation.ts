/**
 * What presenting a refresh token leads to. A token works once: using it rotates it to a
 * new one in the same family. A rotated token coming back means it was copied, so the
 * whole family is revoked and both holders must sign in again (OAuth 2.0 Security BCP).
 * @module
 */

/** The stored state of one refresh token. */
export interface RefreshTokenState {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

/** The outcome of presenting a token. */
export type RefreshDecision =
  | { kind: "rotate"; expiresAt: Date }
  | { kind: "revoke_family"; reason: "reused" }
  | { kind: "refuse"; reason: "unknown" | "revoked" | "expired" };

/** Decides what to do with a presented token; `ttlSec` is the new token's lifetime. */
export function decideRefresh(
  token: RefreshTokenState | undefined,
  now: Date,
  ttlSec: number,
): RefreshDecision {
  if (!token) return { kind: "refuse", reason: "unknown" };
  if (token.revokedAt) return { kind: "refuse", reason: "revoked" };
  if (token.usedAt) return { kind: "revoke_family", reason: "reused" };
  if (token.expiresAt.getTime() <= now.getTime()) return { kind: "refuse", reason: "expired" };
  return { kind: "rotate", expiresAt: new Date(now.getTime() + ttlSec * 1000) };
}
