/**
 * The reminder job: a scheduled stream starting within the lead time (15 minutes) gets one
 * `stream.starting_soon` event, written to the outbox in the transaction that stamps the
 * stream's `reminded_at`. Due rows are claimed with `for update skip locked`, so replicas
 * may run side by side and a restart neither repeats nor forgets a reminder.
 * @module
 */
import { StreamStartingSoon } from "@marquee/contracts";
import type { Sql } from "@marquee/db";
import { enqueueEvent } from "@marquee/events";
import type { Logger } from "@marquee/log";
import { repeat } from "@marquee/runtime";
import { markReminded, streamsToRemind } from "../db/reminders.ts";
import { EVENT_SOURCE, snapshot } from "../events/outgoing.ts";

/** How long before a scheduled start followers are reminded. */
export const REMINDER_LEAD_MS = 15 * 60_000;

/** Options of {@linkcode startReminders}. */
export interface RemindersOptions {
  sql: Sql;
  logger: Logger;
  clock: () => Date;
  intervalMs: number;
  batchSize?: number;
}

/** A running reminder job. */
export interface Reminders {
  /** Reminds one batch now; the number of streams reminded. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Starts looking for streams to remind every `intervalMs`. */
export function startReminders(options: RemindersOptions): Reminders {
  const { sql, clock, intervalMs, batchSize = 50 } = options;
  const log = options.logger.child({ component: "reminders" });

  async function runOnce(): Promise<number> {
    const at = clock();
    return await sql.begin(async (tx) => {
      const due = await streamsToRemind(
        tx,
        at,
        new Date(at.getTime() + REMINDER_LEAD_MS),
        batchSize,
      );
      for (const stream of due) {
        await enqueueEvent(tx, StreamStartingSoon, snapshot(stream), {
          source: EVENT_SOURCE,
          time: at,
        });
      }
      await markReminded(tx, due.map((s) => s.id), at);
      return due.length;
    });
  }

  const loop = repeat(async () => {
    const n = await runOnce();
    if (n > 0) log.info("Reminded followers of streams starting soon", { count: n });
  }, { intervalMs, logger: log, failure: "Reminder run failed" });

  return { runOnce, stop: loop.stop };
}
