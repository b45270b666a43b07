/**
 * Carries out the saga's decisions: a message is applied under the saga row's lock, and
 * the next state, its timers and its outbox messages commit together. HTTP steps run
 * after the commit, one at a time, each answer fed back as a message; a step whose call
 * failed stays owed by the saved state and is retried by the timer loop.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import type { Logger } from "@marquee/log";
import type { CatalogClient } from "../catalog_client.ts";
import { clearTimers, findSaga, saveSaga, writeTimers } from "../db/sagas.ts";
import {
  decide,
  isTerminal,
  nextWork,
  type SagaMessage,
  type SagaState,
  type Work,
} from "../domain/saga.ts";
import { enqueueDecision } from "../events/outgoing.ts";

/** Options of {@linkcode createSagaExecutor}. */
export interface SagaExecutorOptions {
  sql: Sql;
  catalog: CatalogClient;
  logger: Logger;
  clock: () => Date;
  paymentTimeoutMs: number;
  /** How long a refund may take to be confirmed before the order ends FAILED. */
  refundTimeoutMs?: number;
}

/** The saga's I/O edge. */
export interface SagaExecutor {
  /** Applies `message` inside `tx` (a consumer's inbox transaction); the new state or null. */
  apply(tx: Tx, orderId: string, message: SagaMessage): Promise<SagaState | null>;
  /** Applies `message` in its own transaction, then runs the steps it owes. */
  handle(orderId: string, message: SagaMessage): Promise<void>;
  /** Runs the HTTP steps the saved state owes, once `version` is visible (after a commit). */
  drive(orderId: string, version?: number): Promise<void>;
  /** Waits for steps in progress. */
  idle(): Promise<void>;
  /** Stops starting new steps and waits for those in progress. */
  stop(): Promise<void>;
}

const MAX_STEPS = 100;

/** Creates the executor. */
export function createSagaExecutor(options: SagaExecutorOptions): SagaExecutor {
  const { sql, catalog, clock, paymentTimeoutMs, refundTimeoutMs } = options;
  const log = options.logger.child({ component: "saga" });
  const driving = new Map<string, Promise<void>>();
  const again = new Set<string>();
  let stopped = false;

  async function apply(tx: Tx, orderId: string, message: SagaMessage) {
    const state = await findSaga(tx, orderId, { lock: true });
    if (message.type === "timer") {
      await tx`delete from saga_timers where order_id = ${orderId} and kind = ${message.kind}`;
    }
    if (!state) return null; // another process's order, or one this database never had
    const now = clock();
    const decision = decide(state, message, { now, paymentTimeoutMs, refundTimeoutMs });
    if (!decision) {
      log.debug("Message ignored", { orderId, type: message.type, status: state.status });
      return null;
    }
    await saveSaga(tx, decision.state);
    if (isTerminal(decision.state)) await clearTimers(tx, orderId);
    else await writeTimers(tx, orderId, decision.timers);
    await enqueueDecision(tx, decision.state, decision.outgoing, now);
    const moved = { orderId, message: message.type, from: state.status, to: decision.state.status };
    if (decision.state.status === "FAILED" && state.status !== "FAILED") {
      // An order that ends FAILED needs a person: money or stock may be out of step.
      log.error("Order failed", {
        ...moved,
        reason: decision.state.reason?.message,
        failures: decision.state.failures,
      });
    } else if (decision.state.failures.length > state.failures.length) {
      log.error("Saga step failed for good", { ...moved, failures: decision.state.failures });
    } else log.info("Saga moved", moved);
    return decision.state;
  }

  async function perform(orderId: string, work: Work): Promise<SagaMessage | null> {
    switch (work.kind) {
      case "start":
        return { type: "start" };
      case "redeem":
        return await catalog.redeem(orderId, work.discount.code, work.lines);
      case "release_discount":
        return await catalog.releaseDiscount(orderId);
      case "reserve":
        return await catalog.reserve(work.hold);
      case "commit":
        return await catalog.commit(work.hold);
      case "release":
        return await catalog.release(work.holdId);
      case "return":
        return await catalog.returnHold(work.holdId);
      default: {
        const never: never = work;
        throw new Error(`Unknown work ${JSON.stringify(never)}`);
      }
    }
  }

  async function run(orderId: string, version?: number) {
    // A consumer's transaction commits just after its handler returns: wait to see it.
    for (let i = 0; version !== undefined && i < 100; i++) {
      const state = await findSaga(sql, orderId);
      if (!state || state.version >= version) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    for (let step = 0; step < MAX_STEPS && !stopped; step++) {
      const state = await findSaga(sql, orderId);
      const work = state && nextWork(state);
      if (!work) return;
      const message = await perform(orderId, work);
      if (!message) return; // retried by the timer loop once the saga is stale
      const next = await sql.begin((tx) => apply(tx, orderId, message));
      if (!next) return;
    }
  }

  function drive(orderId: string, version?: number): Promise<void> {
    if (stopped) return Promise.resolve();
    const current = driving.get(orderId);
    if (current) {
      again.add(orderId);
      return current;
    }
    const started = (async () => {
      try {
        do {
          again.delete(orderId);
          await run(orderId, version);
        } while (again.has(orderId) && !stopped);
      } catch (error) {
        log.error("Saga step failed", { orderId, error: error as Error });
      } finally {
        driving.delete(orderId);
      }
    })();
    driving.set(orderId, started);
    return started;
  }

  return {
    apply,
    async handle(orderId, message) {
      const next = await sql.begin((tx) => apply(tx, orderId, message));
      if (next) await drive(orderId);
    },
    drive,
    async idle() {
      while (driving.size > 0) await Promise.all(driving.values());
    },
    async stop() {
      stopped = true;
      while (driving.size > 0) await Promise.all(driving.values());
    },
  };
}
