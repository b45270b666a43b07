/**
 * What every template shares: HTML escaping, money from minor units, UTC dates, short
 * order numbers and the HTML frame around a message.
 * @module
 */
import type { Money } from "@marquee/contracts";

/** A rendered message: email subject and bodies, and the one line shown in the app. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  summary: string;
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Formats integer minor units as money, with the currency's own number of decimals. */
export function formatMoney(money: Money, locale = "en-US"): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}

/** Formats an ISO-8601 instant in UTC, for people. */
export function formatDate(iso: string, locale = "en-US"): string {
  const format = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  });
  return `${format.format(new Date(iso))} UTC`;
}

/** The order number people see: the first block of the order id, upper case. */
export function orderNumber(orderId: string): string {
  return orderId.slice(0, 8).toUpperCase();
}

const PREFERENCES_FOOTER =
  "Marquee. You can choose which emails you get in your notification settings.";

/**
 * Wraps already-escaped body HTML in the frame every email shares; `footer` (plain text)
 * replaces the line about notification settings.
 */
export function htmlFrame(title: string, bodyHtml: string, footer = PREFERENCES_FOOTER): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#1a1a1a;max-width:600px;margin:0 auto;padding:24px">
${bodyHtml}
<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>
</body>
</html>
`;
}
