/**
 * The saga's clock: fires due timers (a payment that never answered) and retries steps
 * whose saga has not moved for a while (an HTTP call failed, or the process stopped
 * half-way). Both are stored in the database, so a restarted process picks them up: its
 * first round runs at once and retries every open saga.
 * @module
 */
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import { repeat } from "@marquee/runtime";
import { dueTimers, staleSagas } from "../db/sagas.ts";
import type { SagaExecutor } from "./saga_executor.ts";

/** Options of {@linkcode startTimerLoop}. */
export interface TimerLoopOptions {
  sql: Sql;
  executor: SagaExecutor;
  logger: Logger;
  clock: () => Date;
  intervalMs: number;
  /** A saga unchanged this long has its owed step retried. */
  retryAfterMs: number;
  batchSize?: number;
}

/** A running loop. */
export interface TimerLoop {
  /** One round: fire due timers, retry stale sagas (all open ones when `everything`). */
  runOnce(everything?: boolean): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the loop; its first round runs now and retries every open saga. */
export function startTimerLoop(options: TimerLoopOptions): TimerLoop {
  const { sql, executor, clock, intervalMs, retryAfterMs, batchSize = 50 } = options;
  const log = options.logger.child({ component: "timer_loop" });
  let stopped = false;

  async function runOnce(everything = false) {
    const now = clock();
    for (const t of await dueTimers(sql, now, batchSize)) {
      if (stopped) return;
      await executor.handle(t.orderId, { type: "timer", kind: t.kind });
    }
    const before = everything ? now : new Date(now.getTime() - retryAfterMs);
    for (const orderId of await staleSagas(sql, before, batchSize)) {
      if (stopped) return;
      // Not awaited: one slow upstream must not hold up the other sagas' timers.
      void executor.drive(orderId);
    }
  }

  const loop = repeat(runOnce, {
    intervalMs,
    logger: log,
    failure: "Timer round failed",
    immediately: true,
  });

  return {
    runOnce,
    stop() {
      stopped = true;
      return loop.stop();
    },
  };
}
