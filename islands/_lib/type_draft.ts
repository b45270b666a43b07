/**
 * The editor's fields of each product type (a live ticket's event, a membership's period and
 * perks) as typed, and their API shape.
 * @module
 */
import type { BillingPeriod, Product, ProductType } from "./catalog_types.ts";

/** Type-specific fields as typed. */
export interface TypeDraft {
  /** `YYYY-MM-DDTHH:mm` from a `datetime-local` input, read in `eventZone`. */
  eventStart: string;
  eventZone: string;
  eventDuration: string;
  period: BillingPeriod;
  /** One perk a line. */
  perks: string;
}

/** At most this many perks, each at most `MAX_PERK_LENGTH` characters (as the catalog). */
export const MAX_PERKS = 20;
/** The longest perk. */
export const MAX_PERK_LENGTH = 200;
/** The longest event, in minutes: a week. */
export const MAX_DURATION_MINUTES = 10_080;

/** A new product's type fields; the zone is filled with the creator's own on the page. */
export const EMPTY_TYPE_DRAFT: TypeDraft = {
  eventStart: "",
  eventZone: "",
  eventDuration: "",
  period: "month",
  perks: "",
};

/** The type fields of a stored product. */
export function typeDraftOf(product: Product): TypeDraft {
  return {
    eventStart: product.event?.localStart ?? "",
    eventZone: product.event?.timeZone ?? "",
    eventDuration: product.event?.durationMinutes ? String(product.event.durationMinutes) : "",
    period: product.membership?.period ?? "month",
    perks: product.membership?.perks.join("\n") ?? "",
  };
}

/** The perks typed, one a line, without blanks. */
export function perksOf(text: string): string[] {
  return text.split("\n").map((p) => p.trim()).filter(Boolean);
}

/**
 * The body fields of `type` (`event` for a live ticket, `membership` for a membership; none
 * for others), or the fields that are wrong, keyed as the API names them.
 */
export function typeBodyOf(
  type: ProductType,
  draft: TypeDraft,
): { body: Record<string, unknown>; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  if (type === "live_ticket") {
    if (draft.eventStart === "") return { body: { event: null }, fields };
    const text = draft.eventDuration.trim();
    const duration = text === "" ? null : Number(text);
    if (duration !== null && !(Number.isInteger(duration) && duration >= 1)) {
      fields.eventDuration = "Enter the length in whole minutes, such as 90";
    } else if (duration !== null && duration > MAX_DURATION_MINUTES) {
      fields.eventDuration = `Enter at most ${MAX_DURATION_MINUTES} minutes (a week)`;
    }
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(draft.eventStart)) {
      fields.event = "Enter the date and time the event starts";
    }
    if (!draft.eventZone) fields.eventZone = "Choose the event's time zone";
    const event = { localStart: draft.eventStart, timeZone: draft.eventZone };
    return { body: { event: { ...event, durationMinutes: duration } }, fields };
  }
  if (type === "membership") {
    const perks = perksOf(draft.perks);
    const long = perks.find((p) => p.length > MAX_PERK_LENGTH);
    if (perks.length > MAX_PERKS) fields.membership = `List up to ${MAX_PERKS} perks`;
    else if (long) {
      fields.membership = `Shorten “${long.slice(0, 30)}…” to ${MAX_PERK_LENGTH} characters`;
    }
    return { body: { membership: { period: draft.period, perks } }, fields };
  }
  return { body: {}, fields };
}
