/**
 * What each product type carries beyond its price: a live ticket's event (when it starts,
 * in which time zone, for how long) and a membership's billing period and perks. Pure: the
 * time-zone rules come from the runtime's `Temporal`, never from a clock.
 * @module
 */
import type { ProductType } from "@marquee/contracts";
import type { MissingField } from "./lifecycle.ts";

/** How often a membership bills. */
export const BILLING_PERIODS = ["month", "year"] as const;
/** How often a membership bills. */
export type BillingPeriod = typeof BILLING_PERIODS[number];

/** A live ticket's event as stored: the start as an instant and the zone it is held in. */
export interface EventDetails {
  startsAt: Date;
  timeZone: string;
  durationMinutes: number | null;
}

/** A live ticket's event as a creator gives it: the wall-clock start in the event's zone. */
export interface EventInput {
  /** `YYYY-MM-DDTHH:mm`, read in `timeZone`. */
  localStart: string;
  timeZone: string;
  durationMinutes: number | null;
}

/** A membership's terms. */
export interface MembershipDetails {
  period: BillingPeriod;
  perks: string[];
}

/** The type-specific fields of a product. */
export interface TypeDetails {
  event: EventDetails | null;
  membership: MembershipDetails | null;
}

const ZONES = new Set(Intl.supportedValuesOf("timeZone"));

/** Whether `zone` is an IANA time zone the runtime knows (`UTC` included). */
export function isTimeZone(zone: string): boolean {
  if (ZONES.has(zone) || zone === "UTC") return true;
  try {
    // Links such as `Europe/Kiev` are valid names that `supportedValuesOf` leaves out.
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/");
  } catch {
    return false;
  }
}

/**
 * The instant a wall-clock start in `timeZone` names. A time skipped by a daylight-saving
 * change moves forward, as a clock does; an impossible date is an error.
 */
export function resolveEvent(
  input: EventInput,
): { ok: true; event: EventDetails } | { ok: false; errors: MissingField[] } {
  if (!isTimeZone(input.timeZone)) {
    return {
      ok: false,
      errors: [{ field: "event.timeZone", message: `Unknown time zone "${input.timeZone}"` }],
    };
  }
  let startsAt: Date;
  try {
    const wall = Temporal.PlainDateTime.from(input.localStart, { overflow: "reject" });
    const instant = wall.toZonedDateTime(input.timeZone, { disambiguation: "compatible" })
      .toInstant();
    startsAt = new Date(instant.epochMilliseconds);
  } catch {
    return {
      ok: false,
      errors: [{
        field: "event.localStart",
        message: `Not a date and time: "${input.localStart}"`,
      }],
    };
  }
  return {
    ok: true,
    event: { startsAt, timeZone: input.timeZone, durationMinutes: input.durationMinutes },
  };
}

/** The event's start as a wall-clock time in its own zone, `YYYY-MM-DDTHH:mm`. */
export function localStartOf(event: Pick<EventDetails, "startsAt" | "timeZone">): string {
  return Temporal.Instant.fromEpochMilliseconds(event.startsAt.getTime())
    .toZonedDateTimeISO(event.timeZone)
    .toPlainDateTime()
    .toString({ smallestUnit: "minute" });
}

/** Fields of `details` that a product of `type` may not have, each named. */
export function misplacedDetails(type: ProductType, details: Partial<TypeDetails>): MissingField[] {
  const errors: MissingField[] = [];
  if (details.event && type !== "live_ticket") {
    errors.push({ field: "event", message: "Only live tickets have an event" });
  }
  if (details.membership && type !== "membership") {
    errors.push({ field: "membership", message: "Only memberships have a billing period" });
  }
  return errors;
}

/** What a product of `type` still lacks of its type's own fields before it can be sold. */
export function missingDetails(
  type: ProductType,
  details: TypeDetails,
  now?: Date,
): MissingField[] {
  switch (type) {
    case "live_ticket":
      if (!details.event) {
        return [{ field: "event", message: "A live ticket needs an event date, time and zone" }];
      }
      if (now && details.event.startsAt.getTime() <= now.getTime()) {
        return [{ field: "event.localStart", message: "The event has already started" }];
      }
      return [];
    case "membership":
      return details.membership
        ? []
        : [{ field: "membership", message: "A membership needs a billing period" }];
    case "course":
    case "software":
    case "asset":
      return [];
    default: {
      const never: never = type;
      throw new Error(`Unknown product type "${never}"`);
    }
  }
}
