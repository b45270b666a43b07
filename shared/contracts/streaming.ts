/**
 * Events of the streaming service on `marquee.streaming.streams`, keyed by stream id: a
 * stream was scheduled, went live, ended. Each carries the stream as it is after the change,
 * so listings and alerts need no call back.
 * @module
 */
import { z } from "zod";
import { defineEvent } from "@marquee/events";
import { TOPICS } from "./topics.ts";

/** Who may watch a stream: anyone, holders of a ticket, or owners of a product. */
export const StreamAccess = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("free") }),
  z.object({ kind: z.literal("ticket"), productId: z.string().uuid() }),
  z.object({ kind: z.literal("owners"), productId: z.string().uuid() }),
]);
/** Who may watch a stream. */
export type StreamAccess = z.infer<typeof StreamAccess>;

/** A stream's life cycle. */
export const STREAM_STATUSES = ["scheduled", "live", "reconnecting", "ended", "cancelled"] as const;
/** Schema of a stream status. */
export const StreamStatus = z.enum(STREAM_STATUSES);
/** A stream status. */
export type StreamStatus = z.infer<typeof StreamStatus>;

/** The stream as an event carries it. */
export const StreamSnapshot = z.object({
  streamId: z.string().uuid(),
  creatorId: z.string().min(1),
  title: z.string().min(1),
  status: StreamStatus,
  access: StreamAccess,
  scheduledStart: z.string().datetime(),
  startedAt: z.string().datetime().nullable(),
  endedAt: z.string().datetime().nullable(),
});
/** The stream as an event carries it. */
export type StreamSnapshot = z.infer<typeof StreamSnapshot>;

/** A creator scheduled a stream. */
export const StreamScheduled = defineEvent({
  type: "stream.scheduled",
  version: 1,
  topic: TOPICS.streams,
  schema: StreamSnapshot,
  subject: (d) => d.streamId,
});

/** The media server started receiving the stream's publisher. */
export const StreamStarted = defineEvent({
  type: "stream.started",
  version: 1,
  topic: TOPICS.streams,
  schema: StreamSnapshot,
  subject: (d) => d.streamId,
});

/**
 * A scheduled stream starts soon (15 minutes before its scheduled start, once): followers and
 * ticket holders get a reminder.
 */
export const StreamStartingSoon = defineEvent({
  type: "stream.starting_soon",
  version: 1,
  topic: TOPICS.streams,
  schema: StreamSnapshot,
  subject: (d) => d.streamId,
});

/**
 * A stream ended: the publisher stayed away past the grace period, it was cancelled before it
 * started, its creator stopped it, or an admin took it down.
 */
export const StreamEnded = defineEvent({
  type: "stream.ended",
  version: 1,
  topic: TOPICS.streams,
  schema: StreamSnapshot.extend({
    reason: z.enum(["publisher_gone", "cancelled", "stopped", "taken_down"]),
  }),
  subject: (d) => d.streamId,
});

/**
 * A stream's recording became its replay: a VOD playlist played with the same access rule
 * as the live, and a poster frame when one could be taken.
 */
export const StreamReplayReady = defineEvent({
  type: "stream.replay_ready",
  version: 1,
  topic: TOPICS.streams,
  schema: StreamSnapshot.extend({
    durationMs: z.number().int().nonnegative(),
    /** The poster's path on the public origin, or null without one. */
    posterUrl: z.string().nullable(),
  }),
  subject: (d) => d.streamId,
});
