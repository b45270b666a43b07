/**
 * A live event's time as people read it, in a given time zone or the reader's own:
 * "Sat 12 Dec, 19:00" and its zone as an offset ("GMT+1"). Browser-safe.
 * @module
 */

const LOCALE = "en-GB";

/** The event's start as "Sat 12 Dec, 19:00" in `timeZone` (the reader's zone when absent). */
export function formatEventTime(iso: string, timeZone?: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const year = (d: Date) =>
    new Intl.DateTimeFormat(LOCALE, { year: "numeric", timeZone }).format(d);
  return new Intl.DateTimeFormat(LOCALE, {
    weekday: "short",
    day: "numeric",
    month: "short",
    // A year is named only when it is not the current one.
    year: year(date) === year(now) ? undefined : "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(date);
}

/** The zone's offset at that instant, as "GMT+1" (the reader's zone when absent). */
export function zoneOffset(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const parts = new Intl.DateTimeFormat(LOCALE, { timeZoneName: "shortOffset", timeZone })
    .formatToParts(date);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? "";
}

/** The reader's IANA time zone, as the browser reports it. */
export function readerTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** An event's length: 90 → "1 h 30 min", 45 → "45 min", 120 → "2 h". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ");
}

/** Every IANA time zone the browser knows, for a creator to pick from. */
export function timeZones(): string[] {
  return Intl.supportedValuesOf("timeZone");
}
