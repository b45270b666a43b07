/**
 * The replay builder: turns an ended stream's recorded fMP4 segments (the media server writes
 * them under `RECORDINGS_DIR/live/<id>/`) into its replay. ffmpeg remuxes them without
 * re-encoding (`-c copy`) into a VOD HLS playlist of fMP4 segments and takes a poster frame;
 * the files go to the blob store under `replays/<id>/`, and the replay is marked ready with
 * `stream.replay_ready` in one transaction. A retried build overwrites the same keys and marks
 * nothing twice. Woken when a stream ends, and every `intervalMs` for retries.
 * @module
 */
import { StreamReplayReady } from "@marquee/contracts";
import type { BlobStore } from "@marquee/blob";
import type { Sql } from "@marquee/db";
import { enqueueEvent } from "@marquee/events";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import { repeat } from "@marquee/runtime";
import { claimReplay, deferReplay, markReplayFailed, markReplayReady } from "../db/replays.ts";
import { findStream } from "../db/streams.ts";
import {
  afterFailure,
  BUILD_LEASE_MS,
  isCompleteVod,
  playlistDurationMs,
  posterSegment,
  recordingSettled,
  replayContentType,
  replayKeys,
  segmentOrder,
} from "../domain/replay.ts";
import { EVENT_SOURCE, snapshot } from "../events/outgoing.ts";
import { frameArgs, runFfmpeg } from "../ffmpeg.ts";
import { posterPath } from "../replay_urls.ts";

/** Options of {@linkcode startReplayBuilder}. */
export interface ReplayBuilderOptions {
  sql: Sql;
  blobs: BlobStore;
  logger: Logger;
  registry: Registry;
  clock: () => Date;
  /** Where the media server records, `live/<id>/` inside. */
  recordingsDir: string;
  intervalMs: number;
  ffmpeg?: string;
}

/** A running builder. */
export interface ReplayBuilder {
  /** Builds the replay due soonest, if any; whether to go on to the next one now. */
  runOnce(): Promise<boolean>;
  /** Stops the timer and waits for a build in progress. */
  stop(): Promise<void>;
}

const PLAYLIST = "index.m3u8";

/** The stream's recordings are still being written: the build waits. */
class RecordingUnsettled extends Error {}
const POSTER = "poster.jpg";

/** Starts building replays as they fall due. */
export function startReplayBuilder(options: ReplayBuilderOptions): ReplayBuilder {
  const { sql, blobs, clock, recordingsDir } = options;
  const log = options.logger.child({ component: "replay_builder" });
  const ffmpeg = { binary: options.ffmpeg ?? "ffmpeg", timeoutMs: 15 * 60_000 };
  const built = options.registry.counter(
    "streaming_replays_total",
    "Replay builds, by result",
  );
  const seconds = options.registry.histogram(
    "streaming_replay_build_seconds",
    "Time to build a replay from its recordings",
    [0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
  ).bind({});

  /** Remuxes, uploads; what was stored. */
  async function build(streamId: string) {
    const folder = `${recordingsDir}/live/${streamId}`;
    const names: string[] = [];
    try {
      for await (const entry of Deno.readDir(folder)) if (entry.isFile) names.push(entry.name);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    const segments = segmentOrder(names).map((name) => `${folder}/${name}`);
    if (segments.length === 0) throw new Error(`No recorded segments in "${folder}"`);
    const last = await Deno.stat(segments.at(-1)!);
    if (last.mtime && !recordingSettled(last.mtime, clock())) throw new RecordingUnsettled();
    const work = await Deno.makeTempDir({ prefix: "marquee-replay-" });
    try {
      // The concat demuxer's list: one quoted path a line ('\'' closes, escapes, reopens).
      const list = segments.map((s) => `file '${s.replaceAll("'", "'\\''")}'`).join("\n");
      await Deno.writeTextFile(`${work}/segments.txt`, `${list}\n`);
      await Deno.mkdir(`${work}/out`);
      await runFfmpeg([
        ...["-f", "concat", "-safe", "0", "-i", `${work}/segments.txt`, "-c", "copy"],
        ...["-f", "hls", "-hls_time", "6", "-hls_playlist_type", "vod"],
        ...["-hls_segment_type", "fmp4", "-hls_flags", "independent_segments"],
        ...["-hls_fmp4_init_filename", "init.mp4"],
        ...["-hls_segment_filename", `${work}/out/seg_%05d.m4s`, `${work}/out/${PLAYLIST}`],
      ], ffmpeg);
      const playlist = await Deno.readTextFile(`${work}/out/${PLAYLIST}`);
      if (!isCompleteVod(playlist)) throw new Error("ffmpeg wrote an unfinished playlist");
      const poster = await runFfmpeg(frameArgs(posterSegment(segments)!, `${work}/${POSTER}`), {
        ...ffmpeg,
        timeoutMs: 60_000,
      }).then(() => true, (error) => {
        // An audio-only stream has no frame to show; its replay plays without a poster.
        log.warn("No poster frame", { streamId, error: error.message });
        return false;
      });

      const prefix = replayKeys.folder(streamId);
      const files: string[] = [];
      for await (const entry of Deno.readDir(`${work}/out`)) {
        if (entry.isFile && entry.name !== PLAYLIST) files.push(entry.name);
      }
      const immutable = "public, max-age=31536000, immutable";
      const put = (name: string, path: string, cacheControl: string) =>
        Deno.readFile(path).then((bytes) =>
          blobs.put(`${prefix}/${name}`, bytes, {
            contentType: replayContentType(name),
            cacheControl,
          })
        );
      // A few at a time; the playlist last, so it never names a missing segment.
      for (let i = 0; i < files.length; i += 4) {
        await Promise.all(
          files.slice(i, i + 4).map((name) => put(name, `${work}/out/${name}`, immutable)),
        );
      }
      if (poster) await put(POSTER, `${work}/${POSTER}`, "public, max-age=86400");
      await put(PLAYLIST, `${work}/out/${PLAYLIST}`, "private, no-cache");
      return {
        playlistKey: `${prefix}/${PLAYLIST}`,
        posterKey: poster ? `${prefix}/${POSTER}` : null,
        durationMs: playlistDurationMs(playlist),
        segmentCount: segments.length,
      };
    } finally {
      await Deno.remove(work, { recursive: true }).catch(() => {});
    }
  }

  async function runOnce(): Promise<boolean> {
    const startedAt = clock();
    const claimed = await claimReplay(
      sql,
      startedAt,
      new Date(startedAt.getTime() + BUILD_LEASE_MS),
    );
    if (!claimed) return false;
    const { streamId } = claimed;
    try {
      const stored = await build(streamId);
      const at = clock();
      const marked = await sql.begin(async (tx) => {
        if (!await markReplayReady(tx, streamId, stored, at)) return false;
        const stream = await findStream(tx, streamId);
        if (stream) {
          await enqueueEvent(tx, StreamReplayReady, {
            ...snapshot(stream),
            durationMs: stored.durationMs,
            posterUrl: stored.posterKey ? posterPath(streamId, at.getTime()) : null,
          }, { source: EVENT_SOURCE, time: at });
        }
        return true;
      });
      seconds.observe((at.getTime() - startedAt.getTime()) / 1000);
      built.inc({ result: "ready" });
      log.info("Replay ready", {
        streamId,
        durationMs: stored.durationMs,
        buildMs: at.getTime() - startedAt.getTime(),
        marked,
      });
      // The recordings live on in the replay; the media server would delete them a day on.
      if (marked) {
        await Deno.remove(`${recordingsDir}/live/${streamId}`, { recursive: true })
          .catch(() => {});
      }
    } catch (error) {
      if (error instanceof RecordingUnsettled) {
        const now = clock();
        await deferReplay(sql, streamId, new Date(now.getTime() + 500), now);
        return false;
      }
      const message = (error as Error).message;
      const next = afterFailure(claimed.attempts, clock());
      await markReplayFailed(sql, streamId, next, message, clock());
      built.inc({ result: next.status === "failed" ? "failed" : "retry" });
      log.warn("Replay build failed", { streamId, attempts: claimed.attempts, error: message });
    }
    return true;
  }

  const loop = repeat(async () => {
    // Drains what is due, then waits for the next tick.
    while (await runOnce()) { /* next */ }
  }, { intervalMs: options.intervalMs, logger: log, failure: "Replay build loop failed" });

  return { runOnce, stop: loop.stop };
}
