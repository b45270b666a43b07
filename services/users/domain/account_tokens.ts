/**
 * Single-use links mailed to an account: confirming an address and resetting a forgotten
 * password. This decides what presenting a token does and how often one may be mailed;
 * the caller reads and writes the rows, so it is tested without a database or a clock.
 * @module
 */

/** What a token is for. */
export type TokenPurpose = "email_verification" | "password_reset";

/**
 * How long a link works. A reset link grants the account, so it is short (OWASP's
 * forgotten-password guidance); a confirmation link may wait in an inbox for a while.
 */
export const TOKEN_TTL_SEC: Readonly<Record<TokenPurpose, number>> = {
  email_verification: 48 * 3600,
  password_reset: 30 * 60,
};

/** The stored state of one token. */
export interface AccountTokenState {
  purpose: TokenPurpose;
  /** The address the link was mailed to. */
  email: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Why a presented token does nothing. */
export type RefusalReason = "unknown" | "used" | "expired";

/** The outcome of presenting a token. */
export type RedeemDecision =
  /** The account's own address is confirmed. */
  | { kind: "verify" }
  /** The account moves to the confirmed new address. */
  | { kind: "change_email"; email: string }
  /** A new password may be set. */
  | { kind: "reset_password" }
  | { kind: "refuse"; reason: RefusalReason };

/** When a token made at `now` for `purpose` stops working. */
export function tokenExpiry(purpose: TokenPurpose, now: Date): Date {
  return new Date(now.getTime() + TOKEN_TTL_SEC[purpose] * 1000);
}

/**
 * Decides what presenting a token for `purpose` does to an account whose address is
 * `accountEmail`. A token of the other purpose counts as unknown, so a confirmation link
 * can never reset a password.
 */
export function decideRedeem(
  token: AccountTokenState | undefined,
  purpose: TokenPurpose,
  accountEmail: string,
  now: Date,
): RedeemDecision {
  if (!token || token.purpose !== purpose) return { kind: "refuse", reason: "unknown" };
  if (token.usedAt) return { kind: "refuse", reason: "used" };
  if (token.expiresAt.getTime() <= now.getTime()) return { kind: "refuse", reason: "expired" };
  switch (token.purpose) {
    case "password_reset":
      return { kind: "reset_password" };
    case "email_verification":
      return token.email === accountEmail
        ? { kind: "verify" }
        : { kind: "change_email", email: token.email };
    default: {
      const never: never = token.purpose;
      throw new Error(`Unknown purpose "${never}"`);
    }
  }
}

/** How often links of one purpose may be mailed to one account. */
export interface MailPolicy {
  /** The shortest gap between two links. */
  minGapSec: number;
  /** At most this many links in `windowSec`. */
  maxPerWindow: number;
  windowSec: number;
}

/** One link a minute and five an hour: enough for a lost mail, too few to flood an inbox. */
export const MAIL_POLICY: MailPolicy = { minGapSec: 60, maxPerWindow: 5, windowSec: 3600 };

/**
 * Seconds to wait before another link may be mailed, given when the recent ones were made
 * (any order); 0 when one may go now.
 */
export function mailWait(recent: readonly Date[], now: Date, policy = MAIL_POLICY): number {
  const t = now.getTime();
  const times = recent.map((d) => d.getTime()).filter((x) => x > t - policy.windowSec * 1000)
    .sort((a, b) => b - a);
  const waits = [0];
  const newest = times[0];
  if (newest !== undefined) waits.push(newest + policy.minGapSec * 1000 - t);
  const oldestCounted = times[policy.maxPerWindow - 1];
  if (oldestCounted !== undefined) waits.push(oldestCounted + policy.windowSec * 1000 - t);
  return Math.ceil(Math.max(...waits) / 1000);
}
