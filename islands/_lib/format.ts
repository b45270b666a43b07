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

const SIZE_UNITS = ["B", "KB", "MB", "GB"];

/** A byte count as people read it: 18 → "18 B", 1536 → "1.5 KB". */
export function formatSize(bytes: number): string {
  let n = bytes;
  let unit = 0;
  while (n >= 1024 && unit < SIZE_UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  return `${unit === 0 ? n : n.toFixed(1)} ${SIZE_UNITS[unit]}`;
}
