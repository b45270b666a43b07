/**
 * Runs work once rows written inside a consumer's transaction are committed. The kit's
 * consumer owns the transaction, so there is no commit hook: instead a check outside it
 * waits until the row is visible to other sessions. A row whose transaction rolled back
 * never shows up; the check gives up after `timeoutMs`, and the redelivered event writes
 * and announces a row of its own.
 * @module
 */
import type { Logger } from "@marquee/log";

/** Options of {@linkcode createAfterCommit}. */
export interface AfterCommitOptions {
  logger: Logger;
  /** Longest wait for a commit, in milliseconds; 30000 by default. */
  timeoutMs?: number;
}

/** Schedules `run(found)` once `lookup` finds a committed row. */
export type AfterCommit = <T>(
  lookup: () => Promise<T | undefined>,
  run: (found: T) => void,
) => void;

/** A scheduler that polls with growing delays (10 ms doubling to 1 s) until a row commits. */
export function createAfterCommit(options: AfterCommitOptions): AfterCommit & {
  /** Waits for every pending check; used on shutdown. */
  drain(): Promise<void>;
} {
  const { logger, timeoutMs = 30_000 } = options;
  const pending = new Set<Promise<void>>();
  let closed = false;
  const schedule = <T>(lookup: () => Promise<T | undefined>, run: (found: T) => void) => {
    const task = (async () => {
      const deadline = Date.now() + timeoutMs;
      let delay = 10;
      while (!closed && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, delay));
        try {
          const found = await lookup();
          if (found !== undefined) return run(found);
        } catch (error) {
          logger.warn("After-commit check failed", { error: (error as Error).message });
        }
        delay = Math.min(delay * 2, 1_000);
      }
    })().finally(() => pending.delete(task));
    pending.add(task);
  };
  return Object.assign(schedule, {
    async drain() {
      closed = true;
      await Promise.all(pending);
    },
  });
}
