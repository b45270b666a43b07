/**
 * A stream's status and viewer count as they change: the stream's Server-Sent Events when the
 * service serves them, else a poll of the stream every few seconds. Browser-only.
 * @module
 */
import { signal } from "@preact/signals";
import type { StreamStatus, StudioStream } from "./studio_api.ts";

/** The status of the stream the control room shows, for the islands beside it. */
export const studioStatus = signal<StreamStatus | undefined>(undefined);

/** What the control room hears. */
export interface LiveUpdate {
  status?: StreamStatus;
  /** Null while the count is unknown. */
  viewers?: number | null;
}

const POLL_MS = 4000;

/** Follows stream `id`, calling `onUpdate` with each change; returns the function that stops. */
export function followStream(id: string, onUpdate: (u: LiveUpdate) => void): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  const poll = async () => {
    try {
      const res = await fetch(`/api/streams/${id}`, { headers: { accept: "application/json" } });
      if (!res.ok) return void await res.body?.cancel();
      const s = await res.json() as StudioStream;
      onUpdate({ status: s.status, ...(s.viewers === undefined ? {} : { viewers: s.viewers }) });
    } catch {
      // Offline for a moment: the next poll tries again.
    }
  };
  const startPolling = () => {
    if (stopped || timer) return;
    void poll();
    timer = setInterval(poll, POLL_MS);
  };
  let source: EventSource | undefined;
  try {
    source = new EventSource(`/api/streams/${id}/events`);
    source.addEventListener("status", (e) => {
      const { status } = JSON.parse((e as MessageEvent).data) as { status: StreamStatus };
      onUpdate({ status });
    });
    source.addEventListener("viewers", (e) => {
      const { viewers } = JSON.parse((e as MessageEvent).data) as { viewers: number };
      onUpdate({ viewers });
    });
    // A service without the events (a 404) closes the source: poll instead.
    source.onerror = () => {
      if (source?.readyState === EventSource.CLOSED) startPolling();
    };
  } catch {
    startPolling();
  }
  return () => {
    stopped = true;
    source?.close();
    clearInterval(timer);
  };
}
