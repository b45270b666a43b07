/**
 * Applying a command to a payment: the decision, the row and the outcome events the saga
 * hears of are written in the caller's transaction, so each outcome is enqueued exactly once.
 * @module
 */
import { PaymentFailed, PaymentRefunded, PaymentSucceeded } from "@marquee/contracts";
import type { Tx } from "@marquee/db";
import { enqueueEvent } from "@marquee/events";
import { savePayment } from "../db/payments.ts";
import {
  decide,
  fold,
  type Payment,
  type PaymentCommand,
  type PaymentEvent,
  type PaymentState,
} from "../domain/payment.ts";

/** The CloudEvents `source` of every event from this service. */
export const EVENT_SOURCE = "/marquee/payments";

/** What a command did to a payment. */
export interface Recorded {
  payment: PaymentState;
  events: PaymentEvent[];
}

/** Decides `command` on `state` (locked by the caller), saves the result and enqueues outcomes. */
export async function recordPayment(
  tx: Tx,
  state: PaymentState,
  command: PaymentCommand,
): Promise<Recorded> {
  const events = decide(command, state);
  if (events.length === 0) return { payment: state, events };
  const payment = fold(state, events) as Payment;
  await savePayment(tx, payment, state === null);
  for (const event of events) await enqueueOutcome(tx, payment, event);
  return { payment, events };
}

async function enqueueOutcome(tx: Tx, p: Payment, event: PaymentEvent): Promise<void> {
  const ref = { orderId: p.orderId, buyerId: p.buyerId };
  const options = { source: EVENT_SOURCE, time: event.at };
  switch (event.type) {
    case "started":
      return;
    case "succeeded":
      return await enqueueEvent(tx, PaymentSucceeded, {
        ...ref,
        paymentId: p.id,
        amount: p.amount,
        succeededAt: event.at.toISOString(),
      }, options);
    case "failed":
      return await enqueueEvent(tx, PaymentFailed, {
        ...ref,
        paymentId: p.id,
        code: event.failure.code,
        message: event.failure.message,
        failedAt: event.at.toISOString(),
      }, options);
    case "refunded":
      return await enqueueEvent(tx, PaymentRefunded, {
        ...ref,
        paymentId: p.id,
        refundId: event.refundId,
        amount: p.amount,
        refundedAt: event.at.toISOString(),
      }, options);
    default: {
      const never: never = event;
      throw new Error(`Unknown payment event ${JSON.stringify(never)}`);
    }
  }
}
