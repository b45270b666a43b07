/**
 * Issuing mailed link tokens: the same 256-bit random values as refresh tokens, stored
 * only as their SHA-256, so a leaked table cannot be replayed.
 * @module
 */
import type { Tx } from "@marquee/db";
import { insertAccountToken } from "../db/account_tokens.ts";
import { tokenExpiry, type TokenPurpose } from "../domain/account_tokens.ts";
import { hashRefreshToken, newRefreshToken } from "./refresh_token.ts";

/** A token's value, known only here and in the event that mails it, and its expiry. */
export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Stores a new token of `purpose` mailed to `email` and returns its value. */
export async function issueAccountToken(
  tx: Tx,
  link: { userId: string; purpose: TokenPurpose; email: string; now: Date },
): Promise<IssuedToken> {
  const token = newRefreshToken();
  const expiresAt = tokenExpiry(link.purpose, link.now);
  await insertAccountToken(tx, {
    id: crypto.randomUUID(),
    userId: link.userId,
    purpose: link.purpose,
    tokenHash: await hashRefreshToken(token),
    email: link.email,
    createdAt: link.now,
    expiresAt,
    usedAt: null,
  });
  return { token, expiresAt };
}

/** The stored form of a presented token. */
export const hashAccountToken: (token: string) => Promise<string> = hashRefreshToken;
