/**
 * What presenting a refresh token leads to. A token works once: using it rotates it to a
 * new one in the same family. A rotated token coming back means it was copied, so the
 * whole family is revoked and both holders must sign in again (OAuth 2.0 Security BCP) —
 * unless it comes back within a short grace after its rotation: that is the same browser
 * refreshing from two tabs at once, and it gets a token of its own in the family.
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
  | { kind: "rotate"; expiresAt: Date; concurrent?: true }
  | { kind: "revoke_family"; reason: "reused" }
  | { kind: "refuse"; reason: "unknown" | "revoked" | "expired" };

/**
 * Decides what to do with a presented token; `ttlSec` is the new token's lifetime and
 * `graceSec` how long after its rotation a token may still be presented once more.
 */
export function decideRefresh(
  token: RefreshTokenState | undefined,
  now: Date,
  ttlSec: number,
  graceSec = 0,
): RefreshDecision {
  if (!token) return { kind: "refuse", reason: "unknown" };
  if (token.revokedAt) return { kind: "refuse", reason: "revoked" };
  const expired = token.expiresAt.getTime() <= now.getTime();
  const expiresAt = new Date(now.getTime() + ttlSec * 1000);
  if (token.usedAt) {
    const sinceRotation = now.getTime() - token.usedAt.getTime();
    if (!expired && sinceRotation >= 0 && sinceRotation < graceSec * 1000) {
      return { kind: "rotate", expiresAt, concurrent: true };
    }
    return { kind: "revoke_family", reason: "reused" };
  }
  if (expired) return { kind: "refuse", reason: "expired" };
  return { kind: "rotate", expiresAt };
}
