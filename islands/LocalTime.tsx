import { useEffect, useState } from "preact/hooks";
import { formatEventTime, readerTimeZone, zoneOffset } from "./_lib/event_time.ts";

/** Props of {@linkcode LocalTime}. */
export interface LocalTimeProps {
  /** The instant, UTC ISO-8601. */
  iso: string;
  /** The zone the server renders it in: the event's own. */
  timeZone: string;
}

/**
 * An event's start: rendered on the server in the event's zone, then, in the browser, in the
 * reader's own zone, saying so ("Sat 12 Dec, 19:00 (your time, GMT+1)").
 */
export default function LocalTime({ iso, timeZone }: LocalTimeProps) {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => setZone(readerTimeZone()), []);
  const text = zone === null
    ? `${formatEventTime(iso, timeZone)} (${timeZone}, ${zoneOffset(iso, timeZone)})`
    : `${formatEventTime(iso, zone)} (your time, ${zoneOffset(iso, zone)})`;
  return <time datetime={iso}>{text}</time>;
}
