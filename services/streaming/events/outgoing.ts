/**
 * The stream events others hear of, written to the outbox in the change's transaction:
 * `stream.scheduled`, `stream.started` and `stream.ended`. Edits and a publisher's short
 * absences stay inside the service.
 * @module
 */
import {
  StreamEnded,
  StreamScheduled,
  type StreamSnapshot,
  StreamStarted,
} from "@marquee/contracts";
import type { Tx } from "@marquee/db";
import { enqueueEvent } from "@marquee/events";
import type { Stream, StreamEvent } from "../domain/stream.ts";

/** The CloudEvents `source` of every event from this service. */
export const EVENT_SOURCE = "/marquee/streaming";

/** The stream as events carry it. */
export function snapshot(stream: Stream): StreamSnapshot {
  return {
    streamId: stream.id,
    creatorId: stream.creatorId,
    title: stream.title,
    status: stream.status,
    access: stream.access,
    scheduledStart: stream.scheduledStart.toISOString(),
    startedAt: stream.startedAt?.toISOString() ?? null,
    endedAt: stream.endedAt?.toISOString() ?? null,
  };
}

/** Enqueues the public event of a domain event, if it has one; `after` is the new state. */
export async function publish(tx: Tx, event: StreamEvent, after: Stream, at: Date) {
  const options = { source: EVENT_SOURCE, time: at };
  switch (event.type) {
    case "stream.scheduled":
      return await enqueueEvent(tx, StreamScheduled, snapshot(after), options);
    case "stream.started":
      return await enqueueEvent(tx, StreamStarted, snapshot(after), options);
    case "stream.ended":
      return await enqueueEvent(tx, StreamEnded, {
        ...snapshot(after),
        reason: event.reason,
      }, options);
    case "stream.edited":
    case "stream.reconnecting":
    case "stream.resumed":
      return;
    default: {
      const never: never = event;
      throw new Error(`Unknown event ${JSON.stringify(never)}`);
    }
  }
}
