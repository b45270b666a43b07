/**
 * Writes a saga decision's events and commands to the outbox and the order's new view to
 * the read model, in the transaction that saves the state.
 * @module
 */
import {
  CapturePayment,
  GrantEntitlements,
  OrderCancelled,
  OrderCompleted,
  OrderPlaced,
  RefundPayment,
  RevokeEntitlements,
} from "@marquee/contracts";
import type { Tx } from "@marquee/db";
import { enqueueEvent } from "@marquee/events";
import type { Outgoing, SagaState } from "../domain/saga.ts";
import { toView } from "../domain/view.ts";
import { writeView } from "../db/views.ts";

/** The CloudEvents `source` of every event from this service. */
export const EVENT_SOURCE = "/marquee/orders";

/** Enqueues one outgoing message of a decision. */
export async function enqueueOutgoing(tx: Tx, message: Outgoing, time: Date): Promise<void> {
  const options = { source: EVENT_SOURCE, time };
  switch (message.type) {
    case "order.placed":
      return await enqueueEvent(tx, OrderPlaced, message.data, options);
    case "order.completed":
      return await enqueueEvent(tx, OrderCompleted, message.data, options);
    case "order.cancelled":
      return await enqueueEvent(tx, OrderCancelled, message.data, options);
    case "payment.capture":
      return await enqueueEvent(tx, CapturePayment, message.data, options);
    case "payment.refund":
      return await enqueueEvent(tx, RefundPayment, message.data, options);
    case "entitlement.grant":
      return await enqueueEvent(tx, GrantEntitlements, message.data, options);
    case "entitlement.revoke":
      return await enqueueEvent(tx, RevokeEntitlements, message.data, options);
    default: {
      const never: never = message;
      throw new Error(`Unknown outgoing message ${JSON.stringify(never)}`);
    }
  }
}

/** Enqueues the decision's messages and writes (and announces) the new view of the order. */
export async function enqueueDecision(
  tx: Tx,
  state: SagaState,
  outgoing: Outgoing[],
  time: Date,
): Promise<void> {
  for (const message of outgoing) await enqueueOutgoing(tx, message, time);
  await writeView(tx, toView(state));
}
