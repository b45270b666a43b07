/**
 * Queries on `emails`, the queue the sender loop delivers from.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import type { Kind } from "../domain/preferences.ts";

/** Account emails: always sent, never in the app, whatever the preferences. */
export type AccountKind =
  | "email_verification"
  | "password_reset"
  | "password_changed"
  | "email_changed";

/** What an email is about. */
export type EmailKind = Kind | AccountKind;

/** An email as stored. */
export interface EmailRow {
  id: string;
  eventId: string;
  kind: EmailKind;
  userId: string;
  /** Null until the user's address is known. */
  toAddress: string | null;
  subject: string;
  textBody: string;
  htmlBody: string;
  status: "queued" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt: Date | null;
}

/** An email whose address is known, as the sender gets it. */
export type AddressedEmail = EmailRow & { toAddress: string };

/** What queuing an email needs. */
export type NewEmail = Pick<
  EmailRow,
  "id" | "eventId" | "kind" | "userId" | "toAddress" | "subject" | "textBody" | "htmlBody"
>;

/** Queues an email, due now; a second one for the same event, kind and user is ignored. */
export async function queueEmail(tx: Tx, e: NewEmail, now: Date): Promise<boolean> {
  const rows = await tx`insert into emails (id, event_id, kind, user_id, to_address, subject,
      text_body, html_body, next_attempt_at, created_at)
    values (${e.id}, ${e.eventId}, ${e.kind}, ${e.userId}, ${e.toAddress}, ${e.subject},
      ${e.textBody}, ${e.htmlBody}, ${now}, ${now})
    on conflict (event_id, kind, user_id) do nothing returning 1`;
  return rows.length > 0;
}

/**
 * Claims up to `limit` due emails for one attempt each: counts the attempt and moves
 * `next_attempt_at` past the lease, so no other sender takes them while this one works.
 */
export async function claimDue(
  sql: Sql,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<AddressedEmail[]> {
  return await sql<AddressedEmail[]>`update emails set attempts = attempts + 1,
      next_attempt_at = ${leaseUntil}
    where id in (select id from emails where status = 'queued' and next_attempt_at <= ${now}
        and to_address is not null
      order by next_attempt_at limit ${limit} for update skip locked)
    returning *`;
}

/** Addresses a user's emails that waited for an address; how many. */
export async function addressWaiting(tx: Tx, userId: string, email: string): Promise<number> {
  const rows = await tx`update emails set to_address = ${email}
    where user_id = ${userId} and to_address is null and status = 'queued' returning 1`;
  return rows.length;
}

/** Marks a claimed email sent. */
export async function markSent(sql: Sql, id: string, now: Date): Promise<void> {
  await sql`update emails set status = 'sent', sent_at = ${now}, last_error = null
    where id = ${id} and status = 'queued'`;
}

/** Records a failed attempt: due again at `retryAt`, or failed for good when undefined. */
export async function markFailed(
  sql: Sql,
  id: string,
  error: string,
  retryAt: Date | undefined,
): Promise<void> {
  const message = error.slice(0, 1000);
  if (retryAt) {
    await sql`update emails set last_error = ${message}, next_attempt_at = ${retryAt}
      where id = ${id} and status = 'queued'`;
  } else {
    await sql`update emails set status = 'failed', last_error = ${message}
      where id = ${id} and status = 'queued'`;
  }
}

/** The emails queued for one event, for tests and support. */
export async function emailsForEvent(tx: Tx, eventId: string): Promise<EmailRow[]> {
  return await tx<EmailRow[]>`select * from emails where event_id = ${eventId} order by kind`;
}
