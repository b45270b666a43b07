/**
 * What this service consumes, each through the kit's inbox: payment and entitlement
 * replies (refunds and revocations included) drive the saga, and the service's own `order.status_changed` feeds the read
 * model and the live order pages.
 * @module
 */
import {
  EntitlementsGranted,
  EntitlementsGrantFailed,
  EntitlementsRevoked,
  PaymentFailed,
  PaymentRefunded,
  PaymentSucceeded,
} from "@marquee/contracts";
import { type ConsumerOptions, on } from "@marquee/events";
import { upsertView } from "../db/views.ts";
import type { SagaMessage } from "../domain/saga.ts";
import type { SagaExecutor } from "../jobs/saga_executor.ts";
import type { LiveHub } from "../live.ts";
import { OrderStatusChanged } from "./order_changed.ts";

/** The saga's consumer group, also its inbox name. */
export const SAGA_GROUP = "orders.saga";
/** The read model's consumer group, also its inbox name. */
export const VIEWS_GROUP = "orders.views";

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

/** The read model's projection; each newer view also goes to the live order pages. */
export function viewsConsumer(hub: LiveHub, group = VIEWS_GROUP): Consumer {
  return {
    group,
    handlers: [
      on(OrderStatusChanged, async (view, { tx }) => {
        // The event exists only because the saga's change committed, so it is safe to show.
        if (await upsertView(tx, view)) hub.publish(view);
      }),
    ],
  };
}
