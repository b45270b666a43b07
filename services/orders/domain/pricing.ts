/**
 * The checkout's price check as pure functions: the unit price of a line (the catalog's
 * price, or the buyer's amount for pay-what-you-want, never below the minimum) and the
 * order's totals in minor units (subtotal − discount = total, never below 0).
 * @module
 */
import type { Money, OrderLine } from "@marquee/contracts";

/** What the price check reads of a catalog product. */
export interface PricedProduct {
  title: string;
  price: Money;
  /** Set when the buyer names the price: `price` is then the minimum. */
  payWhatYouWant: { suggestedAmount: number | null } | null;
}

/** The unit price of a line, or why the buyer's amount is refused (naming the product). */
export type UnitPrice = { ok: true; price: Money } | { ok: false; message: string };

/**
 * The unit price for `product`: the buyer's `amount` when the product is pay-what-you-want
 * (the suggested amount, else the minimum, when none is given), the catalog's price otherwise.
 */
export function unitPrice(product: PricedProduct, amount: number | undefined): UnitPrice {
  const { price, payWhatYouWant } = product;
  if (!payWhatYouWant) return { ok: true, price };
  const chosen = amount ?? payWhatYouWant.suggestedAmount ?? price.amount;
  if (chosen < price.amount) {
    return { ok: false, message: `Pay at least ${formatMoney(price)} for "${product.title}"` };
  }
  return { ok: true, price: { amount: chosen, currency: price.currency } };
}

/** An order's totals: the lines' sum, what discounts took off, and what is paid. */
export interface OrderTotals {
  subtotal: Money;
  discount: Money;
  total: Money;
}

/** The totals of `lines`; every line must share one currency (checked by the caller). */
export function orderTotals(lines: readonly OrderLine[]): OrderTotals {
  const currency = lines[0]?.unitPrice.currency ?? "USD";
  let subtotal = 0;
  let discount = 0;
  for (const line of lines) {
    const gross = line.unitPrice.amount * line.quantity;
    subtotal += gross;
    discount += Math.min(gross, Math.max(0, line.discount ?? 0));
  }
  return {
    subtotal: { amount: subtotal, currency },
    discount: { amount: discount, currency },
    total: { amount: subtotal - discount, currency },
  };
}

/** Money as people read it: `{amount: 500, currency: "USD"}` → "$5.00", 0 → "$0.00". */
export function formatMoney(money: Money): string {
  try {
    const format = new Intl.NumberFormat("en-US", { style: "currency", currency: money.currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(money.amount / 10 ** digits);
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}
