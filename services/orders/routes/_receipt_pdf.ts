/**
 * A paid order's receipt as a one-page A4 PDF, drawn with pdf-lib's standard Helvetica.
 * Standard fonts cover Latin-1 (WinAnsi) only, so any other character in a name or title is
 * shown as "?" rather than failing the receipt.
 * @module
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import type { Money } from "@marquee/contracts";
import type { OrderView } from "../domain/view.ts";

/** What a receipt shows beyond the order itself. */
export interface ReceiptFacts {
  order: OrderView;
  /** When the payment went through. */
  paidAt: Date;
  buyerName: string | null;
  /** Sellers' display names by creator id. */
  sellers: Map<string, string>;
  /** When the receipt is made (its PDF creation date). */
  now: Date;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const GREY = rgb(0.35, 0.35, 0.38);

/** Money as people read it, in characters the font can draw: "$12.50", else "12.50 XYZ". */
function money(font: PDFFont, value: Money): string {
  try {
    const format = new Intl.NumberFormat("en-US", { style: "currency", currency: value.currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    const amount = value.amount / 10 ** digits;
    const symbol = format.format(amount);
    return drawable(font, symbol) === symbol
      ? symbol
      : `${amount.toFixed(digits)} ${value.currency}`;
  } catch {
    return `${value.amount} ${value.currency}`;
  }
}

/** `text` with every character the font cannot draw replaced by "?". */
function drawable(font: PDFFont, text: string): string {
  const known = new Set(font.getCharacterSet());
  return [...text.normalize("NFC")].map((ch) => known.has(ch.codePointAt(0)!) ? ch : "?").join("");
}

/** `text` cut with an ellipsis to fit `width` at `size`. */
function fitted(font: PDFFont, text: string, size: number, width: number): string {
  let out = drawable(font, text);
  if (font.widthOfTextAtSize(out, size) <= width) return out;
  while (out.length > 1 && font.widthOfTextAtSize(`${out}…`, size) > width) out = out.slice(0, -1);
  return `${out.trimEnd()}…`;
}

/** Draws text left-aligned at `x`, or right-aligned ending at `x` with `right`. */
function write(
  page: PDFPage,
  text: string,
  at: { x: number; y: number; font: PDFFont; size?: number; right?: boolean; grey?: boolean },
) {
  const size = at.size ?? 10;
  const shown = drawable(at.font, text);
  const x = at.right ? at.x - at.font.widthOfTextAtSize(shown, size) : at.x;
  page.drawText(shown, { x, y: at.y, size, font: at.font, color: at.grey ? GREY : rgb(0, 0, 0) });
}

/** The receipt of a paid order as PDF bytes. */
export async function receiptPdf(facts: ReceiptFacts): Promise<Uint8Array> {
  const { order, paidAt, buyerName, sellers, now } = facts;
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Marquee receipt for order ${order.id}`);
  pdf.setSubject(`Receipt for order ${order.id}`);
  pdf.setAuthor("Marquee");
  pdf.setCreator("Marquee");
  pdf.setCreationDate(now);
  pdf.setModificationDate(now);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage(A4);
  const right = A4[0] - MARGIN;
  let y = A4[1] - MARGIN - 10;

  write(page, "Marquee", { x: MARGIN, y, font: bold, size: 20 });
  write(page, "Receipt", { x: right, y, font: bold, size: 20, right: true });
  y -= 18;
  write(page, "Digital products and live events from independent creators", {
    x: MARGIN,
    y,
    font: regular,
    size: 9,
    grey: true,
  });
  y -= 34;

  const paid = paidAt.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const facts_: [string, string][] = [
    ["Order", order.id],
    ["Paid on", paid],
    ["Billed to", buyerName ?? "Marquee customer"],
    ["Payment", order.paymentId ?? order.paymentMethod],
  ];
  if (order.status === "REFUNDED" || order.status === "REFUNDING") {
    facts_.push(["Status", order.status === "REFUNDED" ? "Refunded" : "Being refunded"]);
  }
  for (const [label, value] of facts_) {
    write(page, label, { x: MARGIN, y, font: bold });
    write(page, fitted(regular, value, 10, right - MARGIN - 90), {
      x: MARGIN + 90,
      y,
      font: regular,
    });
    y -= 16;
  }
  y -= 18;

  const cols = { qty: right - 190, unit: right - 100, total: right };
  write(page, "Item", { x: MARGIN, y, font: bold });
  write(page, "Qty", { x: cols.qty, y, font: bold, right: true });
  write(page, "Unit price", { x: cols.unit, y, font: bold, right: true });
  write(page, "Amount", { x: cols.total, y, font: bold, right: true });
  y -= 8;
  page.drawLine({ start: { x: MARGIN, y }, end: { x: right, y }, thickness: 0.5, color: GREY });
  y -= 16;

  let subtotal = 0;
  let discounts = 0;
  for (const line of order.lines) {
    const gross = line.unitPrice.amount * line.quantity;
    // Orders placed before discount codes carry none.
    const discount = line.discount ?? 0;
    subtotal += gross;
    discounts += discount;
    write(page, fitted(regular, line.title, 10, cols.qty - MARGIN - 40), {
      x: MARGIN,
      y,
      font: regular,
    });
    write(page, String(line.quantity), { x: cols.qty, y, font: regular, right: true });
    write(page, money(regular, line.unitPrice), { x: cols.unit, y, font: regular, right: true });
    write(page, money(regular, { amount: gross, currency: line.unitPrice.currency }), {
      x: cols.total,
      y,
      font: regular,
      right: true,
    });
    y -= 13;
    const seller = sellers.get(line.creatorId) ?? "an independent creator";
    write(page, fitted(regular, `Sold by ${seller}`, 8, cols.qty - MARGIN - 40), {
      x: MARGIN,
      y,
      font: regular,
      size: 8,
      grey: true,
    });
    y -= 20;
    if (y < MARGIN + 120) break;
  }
  page.drawLine({ start: { x: MARGIN, y: y + 8 }, end: { x: right, y: y + 8 }, thickness: 0.5 });
  y -= 8;

  const currency = order.total.currency;
  // Views stored before discount codes have no subtotal or discount; taxes show once
  // orders carry them.
  const view: Omit<OrderView, "subtotal" | "discount"> & {
    subtotal?: Money;
    discount?: OrderView["discount"];
    tax?: Money;
  } = order;
  const code = view.discount?.code;
  discounts = view.discount?.amount.amount ?? discounts;
  const sums: [string, number][] = [["Subtotal", view.subtotal?.amount ?? subtotal]];
  if (discounts > 0) sums.push([code ? `Discount (${code})` : "Discount", -discounts]);
  if (view.tax && view.tax.amount > 0) sums.push(["Tax", view.tax.amount]);
  for (const [label, amount] of sums) {
    write(page, label, { x: cols.unit, y, font: regular, right: true });
    const shown = money(regular, { amount: Math.abs(amount), currency });
    write(page, amount < 0 ? `-${shown}` : shown, { x: cols.total, y, font: regular, right: true });
    y -= 16;
  }
  write(page, "Total paid", { x: cols.unit, y, font: bold, size: 12, right: true });
  write(page, money(bold, order.total), { x: cols.total, y, font: bold, size: 12, right: true });
  y -= 40;

  write(page, "Thank you for supporting independent creators.", { x: MARGIN, y, font: regular });
  y -= 14;
  write(page, "Questions about this order? Open Help at the foot of any Marquee page.", {
    x: MARGIN,
    y,
    font: regular,
    size: 8,
    grey: true,
  });
  return await pdf.save();
}
