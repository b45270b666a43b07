/**
 * The media server's control API (MediaMTX `/v3`, on loopback or a private network): the
 * paths it has (ready or not, their source, tracks, byte counts and readers) and kicking a
 * path's publisher. Calls go through the resilient client: a short time limit, retries of
 * reads only, a breaker, so a media server that hangs cannot hold up the service.
 * @module
 */
import { z } from "zod";
import type { Registry } from "@marquee/metrics";
import { createUpstream } from "@marquee/resilience";
import { mediaPath } from "./routes/_deps.ts";

/** A path as the media server lists it (the fields this service reads). */
export const MediaPath = z.object({
  name: z.string(),
  ready: z.boolean(),
  readyTime: z.string().nullable().optional(),
  source: z.object({ type: z.string(), id: z.string() }).nullable().optional(),
  tracks2: z.array(z.object({
    codec: z.string(),
    codecProps: z.record(z.string(), z.unknown()).nullable().optional(),
  })).nullable().optional(),
  readers: z.array(z.object({ type: z.string(), id: z.string() })).nullable().optional(),
  /** Bytes received from the publisher; `bytesReceived` is its older, deprecated name. */
  inboundBytes: z.number().optional(),
  bytesReceived: z.number().optional(),
}).transform(({ inboundBytes, bytesReceived, ...path }) => ({
  ...path,
  inboundBytes: inboundBytes ?? bytesReceived ?? 0,
}));

/** A path of the media server. */
export type MediaPath = z.infer<typeof MediaPath>;

const PathList = z.object({ pageCount: z.number(), items: z.array(MediaPath).nullable() });

/** The kick endpoint of each kind of publisher the media server takes. */
const KICK: Record<string, string> = {
  rtmpConn: "rtmpconns",
  rtmpsConn: "rtmpconns",
  srtConn: "srtconns",
  webRTCSession: "webrtcsessions",
  rtspSession: "rtspsessions",
  rtspsSession: "rtspsessions",
};

/** The media server's API as this service uses it. */
export interface MediaApi {
  /** Every path the media server has now. Throws when it does not answer. */
  listPaths(): Promise<MediaPath[]>;
  /** A stream's path, or undefined when it has none (no publisher). Throws when down. */
  streamPath(streamId: string): Promise<MediaPath | undefined>;
  /** Disconnects whoever publishes the stream; false when no one does. Throws when down. */
  kickPublisher(streamId: string): Promise<boolean>;
  close(): void;
}

/** Options of {@linkcode createMediaApi}. */
export interface MediaApiOptions {
  baseUrl: string;
  registry: Registry;
  timeoutMs?: number;
}

/** Thrown when the media server's API answers something other than what it documents. */
export class MediaApiError extends Error {
  override name = "MediaApiError";
}

/** A client of the media server's API at `baseUrl`. */
export function createMediaApi(options: MediaApiOptions): MediaApi {
  const upstream = createUpstream({
    name: "mediamtx",
    baseUrl: options.baseUrl,
    registry: options.registry,
    timeoutMs: options.timeoutMs ?? 2_000,
    retries: 1,
  });

  async function read<S extends z.ZodType>(path: string, schema: S) {
    const res = await upstream.fetch(path);
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new MediaApiError(`Media server answered ${res.status} to "${path}"`);
    }
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success) throw new MediaApiError(`Unexpected answer to "${path}"`);
    return parsed.data as z.infer<S>;
  }

  async function streamPath(streamId: string) {
    return await read(`/v3/paths/get/${mediaPath(streamId)}`, MediaPath);
  }

  return {
    async listPaths() {
      const paths: MediaPath[] = [];
      for (let page = 0;; page++) {
        const list = await read(`/v3/paths/list?itemsPerPage=500&page=${page}`, PathList);
        if (!list) throw new MediaApiError("Media server has no path list");
        paths.push(...(list.items ?? []));
        if (page + 1 >= list.pageCount) return paths;
      }
    },
    streamPath,
    async kickPublisher(streamId) {
      const path = await streamPath(streamId);
      const source = path?.ready ? path.source : undefined;
      const kind = source && KICK[source.type];
      if (!source || !kind) return false;
      const res = await upstream.fetch(`/v3/${kind}/kick/${source.id}`, { method: "POST" });
      await res.body?.cancel();
      // Gone in between: no one to kick.
      if (res.status === 404) return false;
      if (!res.ok) throw new MediaApiError(`Media server refused the kick: ${res.status}`);
      return true;
    },
    close: () => upstream.close(),
  };
}

/** The stream id of a media server path, if it is a stream's. */
export function streamIdOfPath(name: string): string | undefined {
  const match = /^live\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(
    name,
  );
  return match?.[1]?.toLowerCase();
}
