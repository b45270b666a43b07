/**
 * Money, size and date formatting shared by pages and islands.
 * @module
 */
import type { Money } from "./catalog_types.ts";

const LOCALE = "en-US";
const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string): Intl.NumberFormat {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { style: "currency", currency });
    formats.set(currency, format);
  }
  return format;
}

/** Digits after the decimal point of `currency` (2 for USD, 0 for JPY). */
export function minorDigits(currency: string): number {
  return currencyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** `{amount: 1250, currency: "USD"}` → "$12.50"; a free product reads "Free". */
export function formatPrice(price: Money): string {
  if (price.amount === 0) return "Free";
  try {
    return currencyFormat(price.currency).format(price.amount / 10 ** minorDigits(price.currency));
  } catch {
    return `${price.amount} ${price.currency}`;
  }
}

/** Per what a membership bills: "month", "year". */
export type PricePeriod = "month" | "year";

/**
 * A product's price as every page shows it: a membership's with its billing period
 * ("$9.00 / month"), others as {@linkcode formatPrice}.
 */
export function formatProductPrice(
  product: {
    price: Money;
    membership?: { period: PricePeriod } | null;
    payWhatYouWant?: unknown;
  },
): string {
  // Pay what you want: the price is the minimum ("$5+"), or none at all.
  if (product.payWhatYouWant) {
    return product.price.amount === 0 ? "Name a fair price" : `${formatPrice(product.price)}+`;
  }
  return withPeriod(formatPrice(product.price), product.membership?.period);
}

/** A formatted price with a membership's billing period after it: "$9.00 / month". */
export function withPeriod(price: string, period: PricePeriod | null | undefined): string {
  return period ? `${price} / ${period}` : price;
}

/** Parses a typed amount ("12.5", "12,50") to minor units of `currency`; null when invalid. */
export function toMinorUnits(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const normalized = text.trim().replace(",", ".");
  const pattern = digits === 0 ? /^\d{1,12}$/ : new RegExp(`^\\d{1,12}(\\.\\d{1,${digits}})?$`);
  if (!pattern.test(normalized)) return null;
  const [whole, fraction = ""] = normalized.split(".");
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
}

/** Minor units back to the text a price field shows: 1250 USD → "12.50". */
export function fromMinorUnits(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
}

/** An ISO date as "Mar 4, 2025". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleDateString(LOCALE, { year: "numeric", month: "short", day: "numeric" });
}

const SIZE_UNITS = ["B", "KB", "MB", "GB", "TB"];
const sizeNumber = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

/**
 * A byte count as people read it, the one size format of every page and the editor: steps of
 * 1024 named KB, MB, GB and TB (as the upload limits are worded), at most one decimal:
 * 18 → "18 B", 1536 → "1.5 KB", 5 MiB → "5 MB".
 */
export function formatSize(bytes: number): string {
  let n = Math.max(0, bytes);
  let unit = 0;
  while (n >= 1024 && unit < SIZE_UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  return `${sizeNumber.format(unit === 0 ? Math.round(n) : n)} ${SIZE_UNITS[unit]}`;
}

/** An amount of `currency` as a typed example: "12.50" in USD, "1250" in JPY. */
export function amountExample(currency: string): string {
  const digits = minorDigits(currency);
  return digits === 0 ? "1250" : fromMinorUnits(1250, currency);
}
