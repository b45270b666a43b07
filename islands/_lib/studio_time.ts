/**
 * A stream's scheduled start in a `datetime-local` input, which holds the creator's own wall
 * time without a zone: converting both ways in the browser's zone. Browser-safe.
 * @module
 */

const pad = (n: number) => String(n).padStart(2, "0");

/** The instant as a `datetime-local` value ("2026-12-07T19:30") in the local zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${
    pad(d.getMinutes())
  }`;
}

/** The UTC ISO instant of a `datetime-local` value read in the local zone; null if blank or bad. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A start a few minutes ahead, rounded to the next quarter hour, for a new stream's form. */
export function suggestedStart(now: Date): string {
  const quarter = 15 * 60_000;
  return new Date(Math.ceil((now.getTime() + 5 * 60_000) / quarter) * quarter).toISOString();
}
