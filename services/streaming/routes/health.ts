/**
 * `GET /api/streams/{id}/health`: the studio's live health of a stream, from the media
 * server's view of its path: the publisher's protocol and since when, the ingest bitrate
 * (the byte count's change since the previous look, kept in memory per stream), the tracks
 * and codecs, the readers, and the viewer counts. For the stream's creator, moderators and
 * admins; anyone else gets a 404.
 * @module
 */
import { type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter, problems, z } from "@marquee/http";
import { findStream } from "../db/streams.ts";
import { countsOf } from "../db/viewers.ts";
import { type ByteSample, ingestBitrate, ingestProtocol } from "../domain/media_health.ts";
import { individualReaders, NO_VIEWERS } from "../domain/viewers.ts";
import { onAir } from "../viewers.ts";
import type { RouteDeps } from "./_deps.ts";
import { noStream } from "./_errors.ts";
import { IdParam, json } from "./_schemas.ts";

const Track = z.object({
  codec: z.string(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  sampleRate: z.number().int().optional(),
  channels: z.number().int().optional(),
});

const Health = z.object({
  status: z.string(),
  /** Whether the media server has a publisher on the stream's path now. */
  onAir: z.boolean(),
  publisher: z.object({
    protocol: z.enum(["rtmp", "srt", "webrtc", "rtsp", "other"]),
    since: z.string().datetime().nullable(),
  }).nullable(),
  /** Ingest bitrate in bits per second; null until it can be measured. */
  bitrate: z.number().int().nullable(),
  bytesReceived: z.number().int(),
  tracks: z.array(Track),
  /** The media server's readers: WebRTC sessions are one viewer each; LL-HLS shares a muxer. */
  readers: z.object({ individual: z.number().int(), hls: z.boolean() }),
  viewers: z.number().int(),
  peakViewers: z.number().int(),
  totalViewers: z.number().int(),
  sampledAt: z.string().datetime(),
  /**
   * Whether the media server's API answered this look. When it does not, the studio says so
   * and the media server's figures read as nothing; the viewer counts are still ours.
   */
  mediaServer: z.enum(["ok", "unreachable"]),
}).openapi("StreamHealth");

const MAX_SAMPLES = 10_000;

const num = (v: unknown) => typeof v === "number" && Number.isFinite(v) ? Math.round(v) : undefined;

function track(t: { codec: string; codecProps?: Record<string, unknown> | null }) {
  const p = t.codecProps ?? {};
  const fields = {
    width: num(p.width),
    height: num(p.height),
    sampleRate: num(p.sampleRate),
    channels: num(p.channelCount),
  };
  return {
    codec: t.codec,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  };
}

/** Routes under `/api/streams` for a stream's health. */
export function healthRoutes(deps: RouteDeps) {
  const { sql, clock, verifier, media } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();
  /** The previous look at each stream's byte count (this instance's). */
  const samples = new Map<string, ByteSample & { bitsPerSecond: number | null }>();

  router.openapi(
    createRoute({
      method: "get",
      path: "/{id}/health",
      tags: ["streams"],
      summary: "Live health of a stream: publisher, bitrate, tracks, readers, viewers",
      security: [{ bearer: [] }],
      middleware: [requireAuth({ verifier })],
      request: { params: IdParam },
      responses: {
        200: { description: "The stream's health", content: json(Health) },
        ...problems({
          401: "Not signed in",
          404: "No such stream of the caller's",
          422: "Bad id",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      const stream = await findStream(sql, id);
      const allowed = stream && (stream.creatorId === principal.userId ||
        principal.roles.includes("moderator") || principal.roles.includes("admin"));
      if (!stream || !allowed) throw noStream(id);
      let reachable = true;
      const path = await media.streamPath(id).catch((error) => {
        deps.logger.warn("Media server API failed", { error: (error as Error).message });
        reachable = false;
        return undefined;
      });
      const now = clock();
      const live = path?.ready === true;
      let bitrate: number | null = null;
      if (live) {
        const since = path.readyTime ? Date.parse(path.readyTime) : NaN;
        const measured = ingestBitrate(
          samples.get(id),
          { bytes: path.inboundBytes, atMs: now.getTime() },
          Number.isFinite(since) ? since : null,
        );
        // Looks are few (studios open on live streams); forget the oldest past a bound.
        if (!samples.has(id) && samples.size >= MAX_SAMPLES) {
          samples.delete(samples.keys().next().value!);
        }
        samples.set(id, measured.keep);
        bitrate = measured.bitsPerSecond;
      } else {
        samples.delete(id);
      }
      const readers = path?.readers ?? [];
      const counts = (await countsOf(sql, [id])).get(id) ?? NO_VIEWERS;
      c.header("cache-control", "private, no-store");
      return c.json({
        status: stream.status,
        onAir: live,
        publisher: live && path.source
          ? {
            protocol: ingestProtocol(path.source.type),
            since: path.readyTime ? new Date(path.readyTime).toISOString() : null,
          }
          : null,
        bitrate,
        bytesReceived: Math.round(path?.inboundBytes ?? 0),
        tracks: live ? (path.tracks2 ?? []).map(track) : [],
        readers: {
          individual: individualReaders(readers),
          hls: readers.some((r) => r.type === "hlsMuxer"),
        },
        viewers: onAir(stream.status) ? counts.viewers : 0,
        peakViewers: counts.peakViewers,
        totalViewers: counts.totalViewers,
        sampledAt: now.toISOString(),
        mediaServer: reachable ? "ok" as const : "unreachable" as const,
      }, 200);
    },
  );
  return router;
}
