/**
 * The studio's calls to the streaming API, with the creator's token. Browser-safe.
 * @module
 */
import { networkProblem, type Problem, readProblem } from "./problem.ts";
import { authFetch } from "./session.ts";
import type { StreamStatus, StreamView } from "./live_stream.ts";

export type { StreamAccess, StreamStatus } from "./live_stream.ts";

/** A stream as the API shows it. */
export type StudioStream = StreamView;

/** Where a publisher sends the stream; `key` only in the answer that made it. */
export interface Ingest {
  key: string | null;
  keyRotatedAt?: string;
  rtmp: { server: string; streamName: string; url: string };
  srt: { url: string };
  whip: { url: string };
}

/** A call's outcome: the answer's body, or the problem to show. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** Calls the streaming API at `path` with the creator's token and reads the JSON answer. */
export async function studioCall<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Outcome<T>> {
  try {
    const res = await authFetch(`/api/streams${path}`, {
      method: init.method ?? "GET",
      ...(init.body === undefined ? {} : {
        headers: { "content-type": "application/json" },
        body: JSON.stringify(init.body),
      }),
    });
    if (!res.ok) return { ok: false, problem: await readProblem(res) };
    return { ok: true, value: await res.json() as T };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}

/** What a status means to the creator. */
export const STATUS_TEXT: Record<StreamStatus, string> = {
  scheduled: "Scheduled",
  live: "Live",
  reconnecting: "Reconnecting",
  ended: "Ended",
  cancelled: "Cancelled",
};

/** Whether the stream is over: nothing more can be done with it but look. */
export const isOver = (s: { status: StreamStatus }) =>
  s.status === "ended" || s.status === "cancelled";
