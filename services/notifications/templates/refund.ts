/**
 * The notice sent when a payment is refunded.
 * @module
 */
import type { Money } from "@marquee/contracts";
import {
  escapeHtml,
  formatDate,
  formatMoney,
  htmlFrame,
  orderNumber,
  type RenderedMessage,
} from "./_format.ts";

/** What a refund notice shows. */
export interface RefundInput {
  name: string;
  orderId: string;
  amount: Money;
  refundId: string;
  refundedAt: string;
}

/** Renders the refund notice. */
export function refundMessage(input: RefundInput): RenderedMessage {
  const number = orderNumber(input.orderId);
  const amount = formatMoney(input.amount);
  const date = formatDate(input.refundedAt);
  const subject = `Your refund for order ${number}`;
  const text = [
    `Hi ${input.name},`,
    "",
    `We refunded ${amount} for order ${number} on ${date}.`,
    "It can take a few days to show on your statement.",
    "",
    `Refund reference: ${input.refundId}`,
    "",
  ].join("\n");
  const html = htmlFrame(
    subject,
    `<h1>Hi ${escapeHtml(input.name)}</h1>
<p>We refunded <strong>${escapeHtml(amount)}</strong> for order <strong>${number}</strong> on ${
      escapeHtml(date)
    }.</p>
<p>It can take a few days to show on your statement.</p>
<p style="color:#666">Refund reference: ${escapeHtml(input.refundId)}</p>`,
  );
  return { subject, text, html, summary: `${amount} refunded for order ${number}` };
}
