/**
 * Live thumbnails for the listings: each recorded segment the media server completes is
 * offered here; when the stream is due a new frame (every ~30 s), ffmpeg takes one from that
 * segment and it overwrites `thumbnails/<id>.jpg` in the blob store. Runs beside the hook's
 * answer, one frame per stream at a time, so the media server never waits on ffmpeg.
 * @module
 */
import type { BlobStore } from "@marquee/blob";
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import { saveThumbnail, thumbnailTakenAt } from "../db/replays.ts";
import { replayKeys, thumbnailDue } from "../domain/replay.ts";
import { frameArgs, runFfmpeg } from "../ffmpeg.ts";

/** Options of {@linkcode createThumbnailer}. */
export interface ThumbnailerOptions {
  sql: Sql;
  blobs: BlobStore;
  logger: Logger;
  clock: () => Date;
  intervalMs?: number;
  ffmpeg?: string;
}

/** Takes thumbnails in the background. */
export interface Thumbnailer {
  /** Offers a completed segment of a live stream; a frame is taken from it when one is due. */
  offer(streamId: string, segmentFile: string): void;
  /** Waits for the frames being taken. */
  close(): Promise<void>;
}

/** Creates the thumbnailer. */
export function createThumbnailer(options: ThumbnailerOptions): Thumbnailer {
  const { sql, blobs, clock, intervalMs } = options;
  const log = options.logger.child({ component: "thumbnails" });
  const taking = new Map<string, Promise<void>>();

  async function take(streamId: string, segmentFile: string) {
    if (!thumbnailDue(await thumbnailTakenAt(sql, streamId), clock(), intervalMs)) return;
    const work = await Deno.makeTempDir({ prefix: "marquee-thumbnail-" });
    try {
      const file = `${work}/frame.jpg`;
      await runFfmpeg(frameArgs(segmentFile, file), {
        binary: options.ffmpeg ?? "ffmpeg",
        timeoutMs: 30_000,
      });
      const key = replayKeys.thumbnail(streamId);
      await blobs.put(key, await Deno.readFile(file), {
        contentType: "image/jpeg",
        cacheControl: "public, max-age=60",
      });
      await saveThumbnail(sql, streamId, key, clock());
    } finally {
      await Deno.remove(work, { recursive: true }).catch(() => {});
    }
  }

  return {
    offer(streamId, segmentFile) {
      if (taking.has(streamId)) return;
      const done = take(streamId, segmentFile)
        .catch((error) => log.warn("Thumbnail not taken", { streamId, error: error.message }))
        .finally(() => taking.delete(streamId));
      taking.set(streamId, done);
    },
    async close() {
      await Promise.all(taking.values());
    },
  };
}
