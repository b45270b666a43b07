/**
 * The notice sent when an order ends without a sale, with the reason.
 * @module
 */
import type { Money, OrderEndReason } from "@marquee/contracts";
import {
  escapeHtml,
  formatDate,
  formatMoney,
  htmlFrame,
  orderNumber,
  type RenderedMessage,
} from "./_format.ts";

/** What a cancellation notice shows. */
export interface CancelledInput {
  name: string;
  orderId: string;
  total: Money;
  reason: OrderEndReason;
  cancelledAt: string;
}

/** Renders the notice that an order was not completed. */
export function cancelledMessage(input: CancelledInput): RenderedMessage {
  const number = orderNumber(input.orderId);
  const total = formatMoney(input.total);
  const date = formatDate(input.cancelledAt);
  const charged = input.reason.code === "refunded"
    ? "Any payment taken has been refunded."
    : "If a payment was taken, it will be refunded.";
  const subject = `Your order ${number} was not completed`;
  const text = [
    `Hi ${input.name},`,
    "",
    `Your order ${number} (${total}) was not completed on ${date}.`,
    `Reason: ${input.reason.message}`,
    charged,
    "",
  ].join("\n");
  const html = htmlFrame(
    subject,
    `<h1>Hi ${escapeHtml(input.name)}</h1>
<p>Your order <strong>${number}</strong> (${escapeHtml(total)}) was not completed on ${
      escapeHtml(date)
    }.</p>
<p>Reason: ${escapeHtml(input.reason.message)}</p>
<p>${charged}</p>`,
  );
  return {
    subject,
    text,
    html,
    summary: `Order ${number} was not completed: ${input.reason.message}`,
  };
}
