/**
 * A stream's live updates (`GET /api/streams/{id}/events`, Server-Sent Events: `status` and
 * `viewers`) and the page's presence beats (`POST /api/streams/{id}/presence` every 15 s
 * while a player plays). Browser-only. Either endpoint may be missing (404): the page then
 * shows no count and keeps the status it has.
 * @module
 */
import type { StreamStatus } from "./live_stream.ts";

/** How often a playing page says it is still there (the service counts a beat for 40 s). */
export const PRESENCE_INTERVAL_MS = 15_000;

/** Handlers of a stream's events. */
export interface StreamEventHandlers {
  onStatus(status: StreamStatus): void;
  onViewers(viewers: number, peakViewers: number): void;
}

/** Follows the stream's events; returns the function that stops following. */
export function followStream(id: string, handlers: StreamEventHandlers): () => void {
  const source = new EventSource(`/api/streams/${encodeURIComponent(id)}/events`);
  const read = <T>(event: MessageEvent): T | null => {
    try {
      return JSON.parse(event.data) as T;
    } catch {
      return null;
    }
  };
  source.addEventListener("status", (event) => {
    const data = read<{ status?: StreamStatus }>(event as MessageEvent);
    if (data?.status) handlers.onStatus(data.status);
  });
  source.addEventListener("viewers", (event) => {
    const data = read<{ viewers?: number; peakViewers?: number }>(event as MessageEvent);
    if (typeof data?.viewers === "number") {
      handlers.onViewers(data.viewers, data.peakViewers ?? data.viewers);
    }
  });
  // EventSource reconnects by itself; an endpoint that is not there (404) ends it for good.
  return () => source.close();
}

/**
 * Beats presence for stream `id` with the playback answer's presence token until the returned
 * function is called.
 */
export function beatPresence(id: string, token: string): () => void {
  let gone = false;
  const beat = async () => {
    try {
      const res = await fetch(`/api/streams/${encodeURIComponent(id)}/presence`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token }),
      });
      await res.body?.cancel();
      // The stream is gone: nothing left to count.
      if (res.status === 404) gone = true;
    } catch { /* the next beat tries again */ }
  };
  void beat();
  const timer = setInterval(() => {
    if (!gone) void beat();
  }, PRESENCE_INTERVAL_MS);
  return () => clearInterval(timer);
}
