/**
 * Discount codes as pure arithmetic in minor units. A code takes a
 * percentage off, or a fixed amount off the lines it applies to (its creator's products, or
 * those it names); a line never goes below 0.
 * @module
 */

/** How a code takes money off. */
export const DISCOUNT_KINDS = ["percent", "amount"] as const;
/** How a code takes money off. */
export type DiscountKind = typeof DISCOUNT_KINDS[number];

/** A code's text as stored and compared: trimmed, upper case. */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;

/** A discount code as the arithmetic needs it. */
export interface DiscountCode {
  code: string;
  creatorId: string;
  kind: DiscountKind;
  /** 1 to 100 when `kind` is percent. */
  percentOff: number | null;
  /** Minor units of `currency` when `kind` is amount. */
  amountOff: number | null;
  currency: string | null;
  /** The products it applies to; empty: all of its creator's. */
  productIds: string[];
  maxRedemptions: number | null;
  redemptions: number;
  expiresAt: Date | null;
  active: boolean;
}

/** A priced order line. */
export interface PricedLine {
  productId: string;
  creatorId: string;
  quantity: number;
  /** The unit price in minor units (the buyer's amount for pay-what-you-want). */
  unitAmount: number;
  currency: string;
}

/** Why a code cannot be used, in words a buyer can read. */
export interface CodeRefusal {
  reason: "unknown" | "inactive" | "expired" | "used_up" | "not_applicable";
  message: string;
}

/** The discount of each line, in order, and their sum. */
export interface Discounted {
  lines: number[];
  amount: number;
}

/** A typed code as stored: trimmed, upper case. */
export function normalizeCode(text: string): string {
  return text.trim().toUpperCase();
}

/** Why `code` cannot be used now on `lines`; null when it can. */
export function refuseCode(
  text: string,
  code: DiscountCode | undefined,
  lines: readonly PricedLine[],
  now: Date,
): CodeRefusal | null {
  const name = `"${normalizeCode(text)}"`;
  if (!code) return { reason: "unknown", message: `Code ${name} does not exist` };
  if (!code.active) return { reason: "inactive", message: `Code ${name} is no longer active` };
  if (code.expiresAt && code.expiresAt.getTime() <= now.getTime()) {
    const day = code.expiresAt.toISOString().slice(0, 10);
    return { reason: "expired", message: `Code ${name} expired on ${day}` };
  }
  if (code.maxRedemptions !== null && code.redemptions >= code.maxRedemptions) {
    return { reason: "used_up", message: `Code ${name} has been used up` };
  }
  const applicable = lines.filter((l) => applies(code, l));
  if (applicable.length === 0) {
    return {
      reason: "not_applicable",
      message: `Code ${name} does not apply to anything in your cart`,
    };
  }
  if (code.kind === "amount" && applicable.every((l) => l.currency !== code.currency)) {
    return {
      reason: "not_applicable",
      message: `Code ${name} is for prices in ${code.currency}`,
    };
  }
  return null;
}

/** Whether `code` covers `line`: its creator's product, named by the code if it names any. */
export function applies(code: DiscountCode, line: PricedLine): boolean {
  return line.creatorId === code.creatorId &&
    (code.productIds.length === 0 || code.productIds.includes(line.productId));
}

/**
 * The discount of each line. A percentage is taken from each covered line's total and
 * rounded to the nearest minor unit (halves up); a fixed amount is taken from the covered
 * lines in order until it is used up. No line goes below 0.
 */
export function discountLines(code: DiscountCode, lines: readonly PricedLine[]): Discounted {
  let left = code.kind === "amount" ? code.amountOff ?? 0 : 0;
  const result = lines.map((line) => {
    const total = line.unitAmount * line.quantity;
    if (!applies(code, line) || total <= 0) return 0;
    if (code.kind === "percent") {
      return Math.min(total, Math.round((total * (code.percentOff ?? 0)) / 100));
    }
    if (line.currency !== code.currency) return 0;
    const off = Math.min(total, left);
    left -= off;
    return off;
  });
  return { lines: result, amount: result.reduce((sum, n) => sum + n, 0) };
}
