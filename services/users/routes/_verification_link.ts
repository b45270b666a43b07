/**
 * A link confirming an address: stored (hashed) and mailed through the event that carries
 * it, in the caller's transaction. Sign-up, "Resend the link" and a change of email send one.
 * @module
 */
import type { Tx } from "@marquee/db";
import type { UserRow } from "../db/users.ts";
import { emailVerificationRequested } from "../events/outgoing.ts";
import { issueAccountToken } from "../security/account_tokens.ts";

/** Issues a confirmation link for `email` (the account's, or the one it changes to). */
export async function sendVerificationLink(
  tx: Tx,
  user: UserRow,
  link: { email: string; purpose: "verify" | "change"; now: Date },
): Promise<void> {
  const { email, purpose, now } = link;
  const issued = await issueAccountToken(tx, {
    userId: user.id,
    purpose: "email_verification",
    email,
    now,
  });
  await emailVerificationRequested(tx, user, { ...issued, email, purpose, now });
}
