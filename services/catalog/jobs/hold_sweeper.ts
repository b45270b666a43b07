/**
 * The hold sweeper: marks lapsed holds `expired` and announces the units as released.
 * Availability ignores lapsed holds already; the sweep makes the record and the event
 * catch up. Replicas may sweep side by side (rows in work are skipped). Products are read
 * without a lock: requests lock a product before its holds, and the sweep must not lock
 * in the other order.
 * @module
 */
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import { repeat } from "@marquee/runtime";
import { expireDueHolds } from "../db/holds.ts";
import { findProduct, type ProductRow } from "../db/products.ts";
import { inventoryReleased } from "../events/outgoing.ts";
import { stockOf } from "../db/stock.ts";

/** Options of {@linkcode startHoldSweeper}. */
export interface HoldSweeperOptions {
  sql: Sql;
  logger: Logger;
  clock: () => Date;
  intervalMs: number;
  batchSize?: number;
}

/** A running sweeper. */
export interface HoldSweeper {
  /** Sweeps one batch now; the number of holds expired. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/** Starts sweeping every `intervalMs`. */
export function startHoldSweeper(options: HoldSweeperOptions): HoldSweeper {
  const { sql, clock, intervalMs, batchSize = 100 } = options;
  const log = options.logger.child({ component: "hold_sweeper" });

  async function runOnce(): Promise<number> {
    const now = clock();
    return await sql.begin(async (tx) => {
      const holds = await expireDueHolds(tx, now, batchSize);
      const products = new Map<string, ProductRow | undefined>();
      for (const hold of holds) {
        if (!products.has(hold.productId)) {
          products.set(hold.productId, await findProduct(tx, hold.productId));
        }
        const product = products.get(hold.productId);
        const available = product ? (await stockOf(tx, product, now)).available : null;
        await inventoryReleased(tx, hold, "expired", available);
      }
      return holds.length;
    });
  }

  const loop = repeat(async () => {
    const n = await runOnce();
    if (n > 0) log.info("Expired holds", { count: n });
  }, { intervalMs, logger: log, failure: "Sweep failed" });

  return { runOnce, stop: loop.stop };
}
