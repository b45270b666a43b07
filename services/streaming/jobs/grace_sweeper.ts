/**
 * The grace sweeper: ends streams whose publisher stayed away past the deadline. The deadline
 * is stored with the stream, so a restart of the service neither forgets nor resets it.
 * Replicas may sweep side by side (locked rows are skipped).
 * @module
 */
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import { repeat } from "@marquee/runtime";
import { dueStreams } from "../db/streams.ts";
import { applyLocked } from "../stream_commands.ts";

/** Options of {@linkcode startGraceSweeper}. */
export interface GraceSweeperOptions {
  sql: Sql;
  logger: Logger;
  clock: () => Date;
  intervalMs: number;
  batchSize?: number;
}

/** A running sweeper. */
export interface GraceSweeper {
  /** Sweeps one batch now; the number of streams ended. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/** Starts sweeping every `intervalMs`. */
export function startGraceSweeper(options: GraceSweeperOptions): GraceSweeper {
  const { sql, clock, intervalMs, batchSize = 50 } = options;
  const log = options.logger.child({ component: "grace_sweeper" });

  async function runOnce(): Promise<number> {
    const at = clock();
    return await sql.begin(async (tx) => {
      let ended = 0;
      for (const stream of await dueStreams(tx, at, batchSize)) {
        const { changed } = await applyLocked(tx, stream, { type: "grace_check", at });
        if (changed) ended++;
      }
      return ended;
    });
  }

  const loop = repeat(async () => {
    const n = await runOnce();
    if (n > 0) log.info("Ended streams whose publisher did not come back", { count: n });
  }, { intervalMs, logger: log, failure: "Sweep failed" });

  return { runOnce, stop: loop.stop };
}
