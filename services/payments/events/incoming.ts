/**
 * The saga's commands: `payment.capture` and `payment.refund`. Each is applied once through
 * the kit's inbox; the order's payment row is locked while the provider is called, so a
 * second command or a webhook for the same order waits and then sees the outcome. When the
 * provider's answer is unknown (timeout, outage) the handler throws, the transaction rolls
 * back, and the redelivery calls again with the same idempotency key.
 * @module
 */
import { CapturePayment, RefundPayment, TOPICS } from "@marquee/contracts";
import { type ConsumerOptions, on } from "@marquee/events";
import type { Logger } from "@marquee/log";
import { lockPaymentByOrder } from "../db/payments.ts";
import { planCapture, planRefund } from "../domain/payment.ts";
import { chargeKey, type PaymentProvider, refundKey } from "../providers/provider.ts";
import { recordPayment } from "./outgoing.ts";
import { saveClientSecret } from "../db/payment_actions.ts";

/** The consumer group, also the inbox's consumer name. */
export const COMMANDS_GROUP = "payments.commands";

/** What the command consumer needs. */
export interface CommandsConsumerOptions {
  provider: PaymentProvider;
  logger: Logger;
  clock?: () => Date;
  /** Where the commands arrive; tests use a topic of their own. */
  topic?: string;
}

/** The consumer of payment commands. */
export function paymentCommandsConsumer(
  options: CommandsConsumerOptions,
): Pick<ConsumerOptions, "group" | "handlers"> {
  const { provider, clock = () => new Date(), topic = TOPICS.paymentCommands } = options;
  const log = options.logger.child({ component: "payment-commands" });
  return {
    group: COMMANDS_GROUP,
    handlers: [
      on({ ...CapturePayment, topic }, async (data, { tx }) => {
        const state = await lockPaymentByOrder(tx, data.orderId);
        const plan = planCapture(state, data.amount);
        if (plan.kind === "skip") {
          log.info("Capture skipped", { orderId: data.orderId, reason: plan.reason });
          return;
        }
        const outcome = await provider.charge({
          orderId: data.orderId,
          buyerId: data.buyerId,
          amount: data.amount,
          paymentMethod: data.paymentMethod,
          // Ours, from the order id alone: no sender can make the provider charge twice.
          idempotencyKey: chargeKey(data.orderId),
        });
        if (outcome.status === "pending" && outcome.clientSecret) {
          await saveClientSecret(tx, data.orderId, outcome.clientSecret, clock());
        }
        await recordPayment(tx, state, {
          type: "record_charge",
          paymentId: crypto.randomUUID(),
          orderId: data.orderId,
          buyerId: data.buyerId,
          amount: data.amount,
          provider: provider.name,
          outcome,
          at: clock(),
        });
      }),
      on({ ...RefundPayment, topic }, async (data, { tx }) => {
        const state = await lockPaymentByOrder(tx, data.orderId);
        const plan = planRefund(state);
        if (plan.kind === "skip") {
          log.info("Refund skipped", { orderId: data.orderId, reason: plan.reason });
          return;
        }
        const { payment } = plan;
        if (data.paymentId !== payment.id && data.paymentId !== payment.providerPaymentId) {
          // The order has one payment; its id in the command is only a cross-check.
          log.warn("Refund names another payment id", {
            orderId: data.orderId,
            paymentId: data.paymentId,
          });
        }
        const { refundId } = await provider.refund({
          orderId: data.orderId,
          providerPaymentId: payment.providerPaymentId,
          amount: payment.amount,
          idempotencyKey: refundKey(data.orderId),
        });
        await recordPayment(tx, state, { type: "record_refund", refundId, at: clock() });
      }),
    ],
  };
}
