/**
 * A live stream as pages show it: the streaming service's view, and the words and numbers
 * derived from it (status, countdown, viewers). Browser-safe, shared by routes and islands.
 * @module
 */

/** A stream's life cycle, as the streaming service names it. */
export type StreamStatus = "scheduled" | "live" | "reconnecting" | "ended" | "cancelled";

/** Who may watch. */
export type StreamAccess =
  | { kind: "free" }
  | { kind: "ticket"; productId: string }
  | { kind: "owners"; productId: string };

/** A stream as `GET /api/streams/{id}` and the lists answer. */
export interface StreamView {
  id: string;
  creatorId: string;
  title: string;
  description: string;
  scheduledStart: string;
  access: StreamAccess;
  status: StreamStatus;
  startedAt: string | null;
  endedAt: string | null;
  reconnectingUntil: string | null;
  viewers?: number;
  peakViewers?: number;
  /** A recent frame of the live (a path on the edge); null until the first one. */
  thumbnailUrl?: string | null;
  /** The recording of an ended live. */
  replay?: { status: "pending" | "ready" | "failed"; posterUrl: string | null } | null;
}

/** A stream with its creator's name, for cards and the stream page. */
export interface ListedStream extends StreamView {
  creatorName: string | null;
}

/** What a ticket or product that opens a stream costs, for the "Buy a ticket" button. */
export interface StreamProduct {
  id: string;
  title: string;
  price: { amount: number; currency: string };
}

/** The path of a stream's page. */
export const streamHref = (id: string): string => `/live/${encodeURIComponent(id)}`;

/** "1 watching", "12 watching". */
export function viewersText(viewers: number): string {
  return `${viewers.toLocaleString("en-US")} watching`;
}

/** Whether the stream is on air (a briefly lost publisher included). */
export const onAir = (status: StreamStatus): boolean =>
  status === "live" || status === "reconnecting";

/**
 * Time left until `startIso` from `now`, as "2d 3h", "3h 05m", "4:09" or "Starting soon"
 * once the time has come (a creator may start late).
 */
export function countdownText(startIso: string, now: number): string {
  const left = Math.floor((Date.parse(startIso) - now) / 1000);
  if (!Number.isFinite(left) || left <= 0) return "Starting soon";
  const days = Math.floor(left / 86_400);
  const hours = Math.floor((left % 86_400) / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = left % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  return `${minutes}:${pad(seconds)}`;
}

/** The countdown as a screen reader should hear it: "in 3 hours 5 minutes". */
export function countdownLabel(startIso: string, now: number): string {
  const left = Math.floor((Date.parse(startIso) - now) / 1000);
  if (!Number.isFinite(left) || left <= 0) return "Starting soon";
  const units: Array<[number, string]> = [
    [Math.floor(left / 86_400), "day"],
    [Math.floor((left % 86_400) / 3600), "hour"],
    [Math.floor((left % 3600) / 60), "minute"],
  ];
  const named = units.filter(([n]) => n > 0).slice(0, 2)
    .map(([n, unit]) => `${n} ${unit}${n === 1 ? "" : "s"}`);
  return named.length > 0 ? `Starts in ${named.join(" ")}` : "Starts in less than a minute";
}
