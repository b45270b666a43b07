/**
 * Account emails, from the users service's events: links to confirm an address or reset a
 * password (on the internal `accountMail` topic, the only place their tokens travel) and
 * notices that the password or the address changed. They are queued like every email,
 * once per event (the inbox and the `(event_id, kind)` key), and never shown in the app.
 * Nothing here logs an event's data: a link is as good as a password until it is used.
 * @module
 */
import {
  UserEmailChanged,
  UserEmailVerificationRequested,
  UserPasswordChanged,
  UserPasswordResetRequested,
} from "@marquee/contracts";
import type { Sql, Tx } from "@marquee/db";
import { type Envelope, type EventHandler, on } from "@marquee/events";
import { type AccountKind, emailsForEvent, queueEmail } from "../db/emails.ts";
import { findRecipient, updateRecipientEmail } from "../db/recipients.ts";
import type { AfterCommit } from "../live/after_commit.ts";
import type { RenderedMessage } from "../templates/_format.ts";
import {
  emailChangedMessage,
  passwordChangedMessage,
  passwordResetMessage,
  verifyEmailMessage,
} from "../templates/account.ts";

/** What the account handlers need from the app. */
export interface AccountMailDeps {
  sql: Sql;
  clock: () => Date;
  afterCommit: AfterCommit;
  wakeSender: () => void;
  /** The public origin, for links. */
  publicUrl: string;
}

/** The handlers of account events. */
export function accountMailHandlers(deps: AccountMailDeps): EventHandler[] {
  const { sql, clock } = deps;
  const link = (path: string, token?: string) => {
    const url = new URL(path, deps.publicUrl);
    if (token) url.searchParams.set("token", token);
    return url.href;
  };

  async function send(
    tx: Tx,
    envelope: Envelope,
    mail: { kind: AccountKind; userId: string; to: string | null; message: RenderedMessage },
  ): Promise<void> {
    const queued = await queueEmail(tx, {
      id: crypto.randomUUID(),
      eventId: envelope.id,
      kind: mail.kind,
      userId: mail.userId,
      toAddress: mail.to,
      subject: mail.message.subject,
      textBody: mail.message.text,
      htmlBody: mail.message.html,
    }, clock());
    if (!queued || !mail.to) return;
    deps.afterCommit(
      async () => (await emailsForEvent(sql, envelope.id)).length > 0 || undefined,
      deps.wakeSender,
    );
  }

  const nameOf = async (tx: Tx, userId: string) =>
    (await findRecipient(tx, userId))?.displayName || "there";

  return [
    on(UserEmailVerificationRequested, async (data, { tx, envelope }) => {
      await send(tx, envelope, {
        kind: "email_verification",
        userId: data.userId,
        to: data.email,
        message: verifyEmailMessage({
          name: data.displayName || "there",
          purpose: data.purpose,
          email: data.email,
          url: link("/verify-email", data.token),
          expiresAt: data.expiresAt,
        }),
      });
    }),
    on(UserPasswordResetRequested, async (data, { tx, envelope }) => {
      await send(tx, envelope, {
        kind: "password_reset",
        userId: data.userId,
        to: data.email,
        message: passwordResetMessage({
          name: data.displayName || "there",
          url: link("/reset-password", data.token),
          expiresAt: data.expiresAt,
        }),
      });
    }),
    on(UserPasswordChanged, async (data, { tx, envelope }) => {
      const recipient = await findRecipient(tx, data.userId);
      await send(tx, envelope, {
        kind: "password_changed",
        userId: data.userId,
        // Without an address yet the email waits for the registration, like a receipt.
        to: recipient?.email ?? null,
        message: passwordChangedMessage({
          name: recipient?.displayName || "there",
          via: data.via,
          changedAt: data.changedAt,
          forgotUrl: link("/forgot-password"),
        }),
      });
    }),
    on(UserEmailChanged, async (data, { tx, envelope }) => {
      await updateRecipientEmail(tx, { userId: data.userId, email: data.email });
      await send(tx, envelope, {
        kind: "email_changed",
        userId: data.userId,
        to: data.previousEmail,
        message: emailChangedMessage({
          name: await nameOf(tx, data.userId),
          email: data.email,
          previousEmail: data.previousEmail,
          changedAt: data.changedAt,
          helpUrl: link("/help"),
        }),
      });
    }),
  ];
}
