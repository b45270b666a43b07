/**
 * The events this service consumes: users' addresses and names (the `recipients`
 * projection), account emails (`account_mail.ts`), the order and payment outcomes it
 * tells buyers about, and streams going live or starting soon (`live_alerts.ts`). Each
 * event's effects (projection change, in-app notification, queued email) commit with the
 * inbox row, so they happen once; the email itself is sent later by the sender loop.
 * @module
 */
import {
  OrderCancelled,
  OrderCompleted,
  PaymentRefunded,
  UserRegistered,
  UserUpdated,
} from "@marquee/contracts";
import type { Sql } from "@marquee/db";
import { type ConsumerOptions, on } from "@marquee/events";
import type { Logger } from "@marquee/log";
import { addressWaiting } from "../db/emails.ts";
import { upsertDisplayName, upsertRegistered } from "../db/recipients.ts";
import type { AfterCommit } from "../live/after_commit.ts";
import { accountMailHandlers } from "./account_mail.ts";
import type { AudienceClient } from "../audience_client.ts";
import { liveAlertHandlers } from "./live_alerts.ts";
import { createNotifier } from "./notify.ts";
import { cancelledMessage } from "../templates/cancelled.ts";
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
  /** Who follows a creator and who holds a product, for live alerts. */
  audience: AudienceClient;
}

/** The consumer of this service; `group` is overridable so tests get their own. */
export function notificationsConsumer(
  deps: IncomingDeps,
  options: { group?: string } = {},
): Pick<ConsumerOptions, "group" | "handlers"> {
  const { sql } = deps;
  const { notify, wakeAfterCommit } = createNotifier(deps);

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
      ...liveAlertHandlers({ ...deps, notify }),
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
