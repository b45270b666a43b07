/**
 * What this service consumes, through the kit's inbox: payment and entitlement replies
 * (refunds and revocations included) drive the saga. The read model is written with the
 * saga's state, so nothing is consumed for it. Its own `order.completed` empties the
 * ordered lines from the buyer's cart: a cart is kept until payment succeeds.
 * @module
 */
import {
  EntitlementsGranted,
  EntitlementsGrantFailed,
  EntitlementsRevoked,
  OrderCompleted,
  PaymentFailed,
  PaymentRefunded,
  PaymentSucceeded,
  UserRegistered,
  UserUpdated,
} from "@marquee/contracts";
import { type ConsumerOptions, on } from "@marquee/events";
import type { CartStore } from "../carts.ts";
import { upsertUserName } from "../db/user_names.ts";
import type { SagaMessage } from "../domain/saga.ts";
import type { SagaExecutor } from "../jobs/saga_executor.ts";

/** The saga's consumer group, also its inbox name. */
export const SAGA_GROUP = "orders.saga";
/** The carts' consumer group, also its inbox name. */
export const CARTS_GROUP = "orders.carts";
/** The display names' consumer group, also its inbox name. */
export const NAMES_GROUP = "orders.names";

type Consumer = Pick<ConsumerOptions, "group" | "handlers">;

/** Replies of payments and subscriptions, applied to the saga in the inbox transaction. */
export function sagaConsumer(executor: SagaExecutor, group = SAGA_GROUP): Consumer {
  const reply =
    (orderId: string, message: SagaMessage) => async (tx: Parameters<SagaExecutor["apply"]>[0]) => {
      const next = await executor.apply(tx, orderId, message);
      // Steps owed by the new state run once the inbox transaction has committed.
      if (next) void executor.drive(orderId, next.version);
    };
  return {
    group,
    handlers: [
      on(
        PaymentSucceeded,
        (d, { tx }) => reply(d.orderId, { type: "payment.succeeded", paymentId: d.paymentId })(tx),
      ),
      on(
        PaymentFailed,
        (d, { tx }) =>
          reply(d.orderId, { type: "payment.failed", code: d.code, message: d.message })(tx),
      ),
      on(EntitlementsGranted, (d, { tx }) => reply(d.orderId, { type: "entitlement.granted" })(tx)),
      on(
        EntitlementsGrantFailed,
        (d, { tx }) =>
          reply(d.orderId, { type: "entitlement.grant_failed", message: d.message })(tx),
      ),
      on(
        PaymentRefunded,
        (d, { tx }) => reply(d.orderId, { type: "payment.refunded", paymentId: d.paymentId })(tx),
      ),
      on(EntitlementsRevoked, (d, { tx }) => reply(d.orderId, { type: "entitlement.revoked" })(tx)),
    ],
  };
}

/**
 * Completed orders, read back from the service's own topic: the ordered products leave the
 * buyer's cart. Removing a line twice is harmless, so a redelivery changes nothing.
 */
export function cartConsumer(carts: CartStore, group = CARTS_GROUP): Consumer {
  return {
    group,
    handlers: [
      on(OrderCompleted, async (d) => {
        for (const line of d.lines) await carts.remove(d.buyerId, line.productId);
      }),
    ],
  };
}

/**
 * People's display names, projected from the users service's events so that sales name their
 * buyers and receipts their sellers. A projection rather than a name copied into the order
 * when it is placed: a renamed buyer reads under the new name everywhere, and placing an
 * order needs no call to the users service. A redelivered or older event changes nothing.
 */
export function namesConsumer(group = NAMES_GROUP): Consumer {
  return {
    group,
    handlers: [
      on(UserRegistered, async (d, { tx }) => {
        await upsertUserName(tx, {
          userId: d.userId,
          displayName: d.displayName,
          updatedAt: new Date(d.registeredAt),
        });
      }),
      on(UserUpdated, async (d, { tx }) => {
        await upsertUserName(tx, {
          userId: d.userId,
          displayName: d.displayName,
          updatedAt: new Date(d.updatedAt),
        });
      }),
    ],
  };
}
