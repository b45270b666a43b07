/**
 * The media reconciler: every few seconds it compares the streams on the air with the media
 * server's paths and puts right what lost hooks left wrong (a live stream whose path is gone
 * gets `publisher_left`, and the grace machinery ends it; a ready path of a scheduled or
 * reconnecting stream gets `publisher_arrived`; a publisher still on a stream that is over is
 * kicked), stores each stream's individual readers and recounts its viewers, counting out
 * those who stopped beating. Streams are read before the paths are listed, and a correction
 * applies only if the stream is still as read, so a hook that lands in between wins. When the
 * media server's API does not answer, the round corrects nothing (no status flaps), logs once
 * until it answers again, and still counts presence.
 * @module
 */
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import { repeat } from "@marquee/runtime";
import type { StreamStatus } from "@marquee/contracts";
import { countedOffAir } from "../db/viewers.ts";
import { reconcile } from "../domain/reconcile.ts";
import { individualReaders } from "../domain/viewers.ts";
import { type MediaApi, type MediaPath, streamIdOfPath } from "../media_api.ts";
import { applyCommand } from "../stream_commands.ts";
import { recount } from "../viewers.ts";

/** Options of {@linkcode startMediaReconciler}. */
export interface MediaReconcilerOptions {
  sql: Sql;
  media: MediaApi;
  logger: Logger;
  clock: () => Date;
  intervalMs: number;
  graceMs: number;
}

/** A running reconciler. */
export interface MediaReconciler {
  /** Runs one round now; the corrections applied, or undefined when the media server is down. */
  runOnce(): Promise<number | undefined>;
  stop(): Promise<void>;
}

const BATCH = 500;

async function onAirStreams(sql: Sql) {
  return await sql<{ id: string; status: StreamStatus }[]>`select id, status from streams
    where status in ('live', 'reconnecting') order by started_at desc limit ${BATCH}`;
}

async function statusesOf(sql: Sql, ids: string[]) {
  if (ids.length === 0) return [];
  return await sql<{ id: string; status: StreamStatus }[]>`select id, status from streams
    where id = any(${ids}::uuid[])`;
}

/** Starts reconciling every `intervalMs`. */
export function startMediaReconciler(options: MediaReconcilerOptions): MediaReconciler {
  const { sql, media, clock, intervalMs, graceMs } = options;
  const log = options.logger.child({ component: "media_reconciler" });
  let down = false;

  async function listPaths(): Promise<MediaPath[] | undefined> {
    try {
      const paths = await media.listPaths();
      if (down) log.info("Media server API answers again");
      down = false;
      return paths;
    } catch (error) {
      if (!down) {
        log.warn("Media server API does not answer; statuses are left as they are", {
          error: (error as Error).message,
        });
      }
      down = true;
      return undefined;
    }
  }

  async function runOnce(): Promise<number | undefined> {
    const before = await onAirStreams(sql);
    const paths = await listPaths();
    const at = clock();
    if (!paths) {
      for (const { id } of before) await recount(sql, id, at);
      return undefined;
    }
    const byStream = new Map<string, MediaPath>();
    for (const path of paths) {
      const id = streamIdOfPath(path.name);
      if (id && path.ready) byStream.set(id, path);
    }
    const known = new Set(before.map((s) => s.id));
    const others = await statusesOf(sql, [...byStream.keys()].filter((id) => !known.has(id)));
    const seen = new Map([...before, ...others].map((s) => [s.id, s.status]));
    let applied = 0;
    for (
      const fix of reconcile(
        [...seen].map(([id, status]) => ({ id, status })),
        new Set(byStream.keys()),
      )
    ) {
      const { streamId } = fix;
      if (fix.action === "kick") {
        const kicked = await media.kickPublisher(streamId).catch(() => false);
        if (kicked) {
          applied++;
          log.info("Kicked the publisher of a stream that is over", { streamId });
        }
        continue;
      }
      const result = await applyCommand(sql, streamId, (s) => {
        if (s.status !== seen.get(streamId)) return undefined; // A hook got there first.
        return fix.action === "publisher_arrived"
          ? { type: "publisher_arrived", at }
          : { type: "publisher_left", at, graceMs };
      });
      if (result?.changed) {
        applied++;
        log.info("Stream put right after a lost hook", {
          streamId,
          action: fix.action,
          status: result.after.status,
        });
      }
    }
    for (const { id } of before) {
      await recount(sql, id, at, individualReaders(byStream.get(id)?.readers ?? []));
    }
    for (const id of await countedOffAir(sql, BATCH)) await recount(sql, id, at, 0);
    return applied;
  }

  const loop = repeat(() => runOnce(), { intervalMs, logger: log, failure: "Round failed" });
  return { runOnce, stop: loop.stop };
}
