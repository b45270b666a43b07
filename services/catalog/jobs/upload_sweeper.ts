/**
 * The upload sweeper: removes file records whose upload was never confirmed, and their
 * objects, once the upload URL has expired (nothing more can arrive). Such records were
 * never listed, counted or served, so removing them changes nothing anyone saw. Replicas
 * may sweep side by side (rows in work are skipped).
 * @module
 */
import type { BlobStore } from "@marquee/blob";
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import { repeat } from "@marquee/runtime";
import { deleteUnconfirmedBefore } from "../db/product_files.ts";

/** Options of {@linkcode startUploadSweeper}. */
export interface UploadSweeperOptions {
  sql: Sql;
  blobs: BlobStore;
  logger: Logger;
  clock: () => Date;
  intervalMs: number;
  /** Age after which an unconfirmed record is abandoned: the upload URL's lifetime and more. */
  graceMs: number;
  batchSize?: number;
}

/** A running sweeper. */
export interface UploadSweeper {
  /** Sweeps one batch now; the number of records removed. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/** Starts sweeping every `intervalMs`. */
export function startUploadSweeper(options: UploadSweeperOptions): UploadSweeper {
  const { sql, blobs, clock, intervalMs, graceMs, batchSize = 100 } = options;
  const log = options.logger.child({ component: "upload_sweeper" });

  async function runOnce(): Promise<number> {
    const before = new Date(clock().getTime() - graceMs);
    const removed = await sql.begin((tx) => deleteUnconfirmedBefore(tx, before, batchSize));
    for (const file of removed) {
      await blobs.delete(file.key).catch((error) =>
        log.warn("Abandoned upload not deleted", { key: file.key, error: (error as Error).message })
      );
    }
    return removed.length;
  }

  const loop = repeat(async () => {
    const n = await runOnce();
    if (n > 0) log.info("Removed abandoned uploads", { count: n });
  }, { intervalMs, logger: log, failure: "Sweep failed" });

  return { runOnce, stop: loop.stop };
}
