/**
 * Request and response schemas of the streaming API.
 * @module
 */
import { StreamAccess as AccessSchema, StreamStatus } from "@marquee/contracts";
import { z } from "@marquee/http";
import type { Stream } from "../domain/stream.ts";

/** A stream id in a path. */
export const IdParam = z.object({ id: z.string().uuid() });

/** Who may watch. */
export const StreamAccess = AccessSchema;

const Title = z.string().trim().min(1).max(140);
const Description = z.string().max(5000);
const Start = z.string().datetime({ offset: true });

/** What a creator sends to schedule a stream. */
export const CreateStream = z.object({
  title: Title,
  description: Description.default(""),
  scheduledStart: Start,
  access: StreamAccess.default({ kind: "free" }),
}).openapi("CreateStream");

/** What a creator may change; at least one field. */
export const EditStream = z.object({
  title: Title.optional(),
  description: Description.optional(),
  scheduledStart: Start.optional(),
  access: StreamAccess.optional(),
}).refine((b) => Object.values(b).some((v) => v !== undefined), {
  message: "Send at least one field to change",
}).openapi("EditStream");

/** A stream as the API shows it. */
export const StreamView = z.object({
  id: z.string().uuid(),
  creatorId: z.string(),
  title: z.string(),
  description: z.string(),
  scheduledStart: z.string().datetime(),
  access: StreamAccess,
  status: StreamStatus,
  startedAt: z.string().datetime().nullable(),
  endedAt: z.string().datetime().nullable(),
  /** While reconnecting: when the stream ends unless the publisher comes back. */
  reconnectingUntil: z.string().datetime().nullable(),
}).openapi("Stream");

/** A list of streams. */
export const StreamList = z.object({ items: z.array(StreamView) }).openapi("StreamList");

/**
 * Where a publisher sends the stream. The key appears only in the answer that made it
 * (creation, rotation); elsewhere `key` is null and the URLs hold `{key}` in its place.
 */
export const Ingest = z.object({
  key: z.string().nullable(),
  keyRotatedAt: z.string().datetime().optional(),
  rtmp: z.object({
    /** OBS: "Server". */
    server: z.string(),
    /** OBS: "Stream Key". */
    streamName: z.string(),
    /** ffmpeg: the whole URL. */
    url: z.string(),
  }),
  srt: z.object({ url: z.string() }),
  whip: z.object({ url: z.string() }),
}).openapi("Ingest");

/** A new stream and its ingest settings with the key, shown this once. */
export const CreatedStream = z.object({ stream: StreamView, ingest: Ingest })
  .openapi("CreatedStream");

/** Where and with what token a viewer plays a stream. */
export const Playback = z.object({
  token: z.string(),
  expiresAt: z.string().datetime(),
  /** WebRTC playback (WHEP), sub-second. */
  whepUrl: z.string(),
  /** Low-latency HLS, the fallback and the way to scale. */
  hlsUrl: z.string(),
}).openapi("Playback");

/** A stream as the API shows it. */
export function streamView(s: Stream): z.infer<typeof StreamView> {
  return {
    id: s.id,
    creatorId: s.creatorId,
    title: s.title,
    description: s.description,
    scheduledStart: s.scheduledStart.toISOString(),
    access: s.access,
    status: s.status,
    startedAt: s.startedAt?.toISOString() ?? null,
    endedAt: s.endedAt?.toISOString() ?? null,
    reconnectingUntil: s.reconnectDeadline?.toISOString() ?? null,
  };
}

/** A JSON body or answer of `schema`. */
export const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
