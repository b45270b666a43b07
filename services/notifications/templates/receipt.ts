/**
 * The receipt sent when an order completes.
 * @module
 */
import type { Money, OrderLine } from "@marquee/contracts";
import {
  escapeHtml,
  formatDate,
  formatMoney,
  htmlFrame,
  orderNumber,
  type RenderedMessage,
} from "./_format.ts";

/** What a receipt shows. */
export interface ReceiptInput {
  name: string;
  orderId: string;
  lines: Pick<OrderLine, "title" | "quantity" | "unitPrice">[];
  total: Money;
  completedAt: string;
  /** Where the buyer finds what they bought. */
  libraryUrl: string;
}

/** Renders the receipt for a completed order. */
export function receiptMessage(input: ReceiptInput): RenderedMessage {
  const number = orderNumber(input.orderId);
  const subject = `Your Marquee receipt for order ${number}`;
  const total = formatMoney(input.total);
  const date = formatDate(input.completedAt);
  const lineTotal = (l: ReceiptInput["lines"][number]) =>
    formatMoney({ amount: l.unitPrice.amount * l.quantity, currency: l.unitPrice.currency });

  const text = [
    `Hi ${input.name},`,
    "",
    `Thank you for your order ${number}, completed ${date}.`,
    "",
    ...input.lines.map((l) => `- ${l.title} x ${l.quantity}: ${lineTotal(l)}`),
    "",
    `Total: ${total}`,
    "",
    `Find your purchases in your library: ${input.libraryUrl}`,
    "",
  ].join("\n");

  const rows = input.lines.map((l) =>
    `<tr><td>${escapeHtml(l.title)}</td><td style="text-align:right">${l.quantity}</td>` +
    `<td style="text-align:right">${escapeHtml(lineTotal(l))}</td></tr>`
  ).join("\n");
  const html = htmlFrame(
    subject,
    `<h1>Thank you, ${escapeHtml(input.name)}</h1>
<p>Your order <strong>${number}</strong> was completed ${escapeHtml(date)}.</p>
<table style="width:100%;border-collapse:collapse">
<thead><tr><th style="text-align:left">Item</th><th style="text-align:right">Qty</th><th style="text-align:right">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th style="text-align:left" colspan="2">Total</th><th style="text-align:right">${
      escapeHtml(total)
    }</th></tr></tfoot>
</table>
<p><a href="${escapeHtml(input.libraryUrl)}">Open your library</a></p>`,
  );
  const items = input.lines.length === 1 ? "1 item" : `${input.lines.length} items`;
  return { subject, text, html, summary: `Order ${number} completed: ${items}, ${total}` };
}
