/**
 * The events this service consumes: users' addresses and names (the `recipients`
 * projection), account emails (`account_mail.ts`), and the order and payment outcomes it
 * tells buyers about. Each event's effects (projection change, in-app notification,
 * queued email) commit with the inbox row, so they happen once; the email itself is sent
 * later by the sender loop.
 * @module
 */
import {
  OrderCancelled,
  OrderCompleted,
  PaymentRefunded,
  UserRegistered,
  UserUpdated,
} from "@marquee/contracts";
import type { Sql, Tx } from "@marquee/db";
import { type ConsumerOptions, type Envelope, on } from "@marquee/events";
import { announce } from "@marquee/live";
import type { Logger } from "@marquee/log";
import { insertNotification, NOTIFICATIONS_CHANNEL } from "../db/notifications.ts";
import { findPreferences } from "../db/preferences.ts";
import { addressWaiting, emailsForEvent, queueEmail } from "../db/emails.ts";
import { findRecipient, upsertDisplayName, upsertRegistered } from "../db/recipients.ts";
import { type Kind, wants } from "../domain/preferences.ts";
import type { AfterCommit } from "../live/after_commit.ts";
import { accountMailHandlers } from "./account_mail.ts";
import { cancelledMessage } from "../templates/cancelled.ts";
import type { RenderedMessage } from "../templates/_format.ts";
import { receiptMessage } from "../templates/receipt.ts";
import { refundMessage } from "../templates/refund.ts";

/** The consumer group, also the inbox's consumer name. */
export const NOTIFICATIONS_GROUP = "notifications.events";

/** What the handlers need from the app. */
export interface IncomingDeps {
  sql: Sql;
  logger: Logger;
  clock: () => Date;
  afterCommit: AfterCommit;
  /** Wakes the sender loop. */
  wakeSender: () => void;
  /** The public origin, for links. */
  publicUrl: string;
}

/** One message for one user about one event. */
interface Notice {
  userId: string;
  kind: Kind;
  data: Record<string, unknown>;
  render: (name: string) => RenderedMessage;
}

/** The consumer of this service; `group` is overridable so tests get their own. */
export function notificationsConsumer(
  deps: IncomingDeps,
  options: { group?: string } = {},
): Pick<ConsumerOptions, "group" | "handlers"> {
  const { sql, clock, afterCommit } = deps;
  const log = deps.logger.child({ component: "notifications_consumer" });

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

  /** Wakes the sender once `lookup` finds committed rows. */
  function wakeAfterCommit(lookup: () => PromiseLike<ArrayLike<unknown>>): void {
    afterCommit(async () => (await lookup()).length > 0 || undefined, deps.wakeSender);
  }

  const libraryUrl = new URL("/library", deps.publicUrl).href;
  return {
    group: options.group ?? NOTIFICATIONS_GROUP,
    handlers: [
      on(UserRegistered, async (data, { tx }) => {
        await upsertRegistered(tx, {
          userId: data.userId,
          email: data.email,
          displayName: data.displayName,
          updatedAt: new Date(data.registeredAt),
        });
        if (await addressWaiting(tx, data.userId, data.email) > 0) {
          wakeAfterCommit(() =>
            sql`select 1 from emails where user_id = ${data.userId}
            and to_address is not null and status = 'queued'`
          );
        }
      }),
      on(UserUpdated, async (data, { tx }) => {
        await upsertDisplayName(tx, {
          userId: data.userId,
          displayName: data.displayName,
          updatedAt: new Date(data.updatedAt),
        });
      }),
      ...accountMailHandlers({ ...deps, sql }),
      on(OrderCompleted, async (data, { tx, envelope }) => {
        await notify(tx, envelope, {
          userId: data.buyerId,
          kind: "receipt",
          data: { orderId: data.orderId, total: data.total },
          render: (name) =>
            receiptMessage({
              name,
              orderId: data.orderId,
              lines: data.lines,
              total: data.total,
              completedAt: data.completedAt,
              libraryUrl,
            }),
        });
      }),
      on(OrderCancelled, async (data, { tx, envelope }) => {
        await notify(tx, envelope, {
          userId: data.buyerId,
          kind: "cancelled",
          data: { orderId: data.orderId, total: data.total, reason: data.reason },
          render: (name) => cancelledMessage({ name, ...data }),
        });
      }),
      on(PaymentRefunded, async (data, { tx, envelope }) => {
        await notify(tx, envelope, {
          userId: data.buyerId,
          kind: "refund",
          data: { orderId: data.orderId, amount: data.amount, refundId: data.refundId },
          render: (name) => refundMessage({ name, ...data }),
        });
      }),
    ],
  };
}
