/**
 * Request and response schemas of the streaming API.
 * @module
 */
import { StreamAccess as AccessSchema, StreamStatus } from "@marquee/contracts";
import { z } from "@marquee/http";
import type { StreamMedia } from "../domain/replay.ts";
import type { Stream } from "../domain/stream.ts";
import { mediaView } from "../replay_urls.ts";
import { NO_VIEWERS, type ViewerCounts } from "../domain/viewers.ts";

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
  /** Watching now (0 unless live or reconnecting). */
  viewers: z.number().int().min(0),
  /** The most watching at once. */
  peakViewers: z.number().int().min(0),
  /** Distinct viewers over the stream's life. */
  totalViewers: z.number().int().min(0),
  /**
   * The listing image: a frame of the live taken about every 30 s, then the replay's poster;
   * a versioned path on the edge that redirects to the image. Null until the first frame.
   */
  thumbnailUrl: z.string().nullable(),
  /** The recording of an ended live: being made, ready to play, or failed. */
  replay: z.object({
    status: z.enum(["pending", "ready", "failed"]),
    posterUrl: z.string().nullable(),
  }).nullable(),
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
  /**
   * WebRTC playback (WHEP), sub-second: a path on the edge, the pages' own origin. Null for a
   * replay.
   */
  whepUrl: z.string().nullable(),
  /** Low-latency HLS, the fallback and the way to scale: a path on the edge. Null for a replay. */
  hlsUrl: z.string().nullable(),
  /** An ended stream's replay: its VOD HLS playlist on the edge (hls.js plays it); else null. */
  replayUrl: z.string().nullable(),
  /**
   * What the page beats `POST /api/streams/{id}/presence` with while it plays the live, so
   * only viewers who passed the access check are counted. Null for a replay.
   */
  presenceToken: z.string().nullable(),
}).openapi("Playback");

/** What a stream's view shows besides the stream itself. */
export interface StreamExtras {
  /** Its viewer counts (none when absent). */
  counts?: ViewerCounts;
  /** Its thumbnail and replay (none when absent). */
  media?: StreamMedia;
}

/** A stream as the API shows it. */
export function streamView(s: Stream, extras: StreamExtras = {}): z.infer<typeof StreamView> {
  const counts = extras.counts ?? NO_VIEWERS;
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
    viewers: s.status === "live" || s.status === "reconnecting" ? counts.viewers : 0,
    peakViewers: counts.peakViewers,
    totalViewers: counts.totalViewers,
    ...mediaView(s.id, extras.media ?? { thumbnailTakenAt: null, replay: null }),
  };
}

/** A JSON body or answer of `schema`. */
export const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
