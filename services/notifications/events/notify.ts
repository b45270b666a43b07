/**
 * Telling one user about one event: the in-app notification (announced on the live hub) and
 * the queued email, each as the user's preferences allow, written in the event's
 * transaction. Order, payment and live-alert handlers all notify this one way.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import type { Envelope } from "@marquee/events";
import { announce } from "@marquee/live";
import type { Logger } from "@marquee/log";
import { emailsForEvent, queueEmail } from "../db/emails.ts";
import { insertNotification, NOTIFICATIONS_CHANNEL } from "../db/notifications.ts";
import { findPreferences } from "../db/preferences.ts";
import { findRecipient } from "../db/recipients.ts";
import { type Kind, wants } from "../domain/preferences.ts";
import type { AfterCommit } from "../live/after_commit.ts";
import type { RenderedMessage } from "../templates/_format.ts";

/** One message for one user about one event. */
export interface Notice {
  userId: string;
  kind: Kind;
  data: Record<string, unknown>;
  render: (name: string) => RenderedMessage;
}

/** What notifying needs from the app. */
export interface NotifierDeps {
  sql: Sql;
  logger: Logger;
  clock: () => Date;
  afterCommit: AfterCommit;
  /** Wakes the sender loop. */
  wakeSender: () => void;
}

/** Notifies users, and wakes the sender once queued emails are committed. */
export interface Notifier {
  notify(tx: Tx, envelope: Envelope, notice: Notice): Promise<void>;
  /** Wakes the sender once `lookup` finds committed rows. */
  wakeAfterCommit(lookup: () => PromiseLike<ArrayLike<unknown>>): void;
}

/** Creates the notifier. */
export function createNotifier(deps: NotifierDeps): Notifier {
  const { sql, clock, afterCommit } = deps;
  const log = deps.logger.child({ component: "notifier" });

  function wakeAfterCommit(lookup: () => PromiseLike<ArrayLike<unknown>>): void {
    afterCommit(async () => (await lookup()).length > 0 || undefined, deps.wakeSender);
  }

  async function notify(tx: Tx, envelope: Envelope, notice: Notice): Promise<void> {
    const { userId, kind } = notice;
    const [recipient, prefs] = await Promise.all([
      findRecipient(tx, userId),
      findPreferences(tx, userId),
    ]);
    const message = notice.render(recipient?.displayName || "there");
    const now = clock();
    if (wants(prefs, "inApp", kind)) {
      const id = crypto.randomUUID();
      const created = await insertNotification(tx, {
        id,
        userId,
        eventId: envelope.id,
        kind,
        title: message.subject,
        body: message.summary,
        data: notice.data,
        createdAt: now,
      });
      // Every instance's streams of the user hear of it once this transaction commits.
      if (created) await announce(tx, NOTIFICATIONS_CHANNEL, userId, id);
    }
    if (!wants(prefs, "email", kind)) return;
    // Without an address yet (the registration comes later on another topic) the email
    // waits, and the registration addresses it.
    if (!recipient?.email) log.info("Email waits for an address", { userId, kind });
    const queued = await queueEmail(tx, {
      id: crypto.randomUUID(),
      eventId: envelope.id,
      kind,
      userId,
      toAddress: recipient?.email ?? null,
      subject: message.subject,
      textBody: message.text,
      htmlBody: message.html,
    }, now);
    if (queued && recipient?.email) wakeAfterCommit(() => emailsForEvent(sql, envelope.id));
  }

  return { notify, wakeAfterCommit };
}
