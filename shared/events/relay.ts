/**
 * The outbox relay: publishes committed outbox rows in order, marks them published,
 * and backs off while the broker is away. It wakes on NOTIFY and polls as a fallback.
 * A crash between publishing and marking republishes the rows; consumers' inboxes
 * make that harmless.
 * @module
 */
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import type { BusMessage, EventBus } from "./bus.ts";
import { OUTBOX_CHANNEL } from "./outbox.ts";

export interface RelayOptions {
  sql: Sql;
  bus: EventBus;
  logger: Logger;
  registry?: Registry;
  batchSize?: number;
  /** Fallback poll interval when no NOTIFY arrives. */
  pollMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Use LISTEN/NOTIFY (off for databases that cannot deliver notifications). */
  listen?: boolean;
  /** Called after a batch reached the broker and before it is marked published. */
  afterPublish?: (ids: string[]) => Promise<void> | void;
  /** How long published rows are kept (for inspection) before they are deleted; 1 hour. */
  retentionMs?: number;
  /** How often published rows past their retention are deleted; every 60 s. */
  pruneEveryMs?: number;
}

/** A relay's controls. */
export interface OutboxRelay {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Publishes one batch; the number published, or -1 when publishing failed. */
  runOnce(): Promise<number>;
  /** Publishes until nothing is pending. */
  drain(): Promise<void>;
  /** Deletes published rows older than the retention; the number deleted. */
  prune(): Promise<number>;
}

// One relay at a time per database keeps per-key order across replicas.
const RELAY_LOCK = 7_342_002;

interface Row {
  seq: string;
  id: string;
  topic: string;
  key: string;
  type: string;
  envelope: Record<string, unknown>;
  createdAt: Date;
}

/** Creates the relay for one service's outbox. */
export function createOutboxRelay(options: RelayOptions): OutboxRelay {
  const { sql, bus, logger, batchSize = 100, pollMs = 1000 } = options;
  const { baseBackoffMs = 100, maxBackoffMs = 30_000, listen = true } = options;
  const registry = options.registry ?? new Registry();
  const published = registry.counter("outbox_published_total", "Outbox events published");
  const failures = registry.counter("outbox_publish_failures_total", "Failed publish attempts");
  const lag = registry.histogram("outbox_relay_lag_seconds", "Commit-to-publish delay");
  const log = logger.child({ component: "outbox-relay" });

  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  // Set by a NOTIFY; one that lands while a pass runs means the pass may have missed rows.
  let nudged = false;
  let unlisten: (() => Promise<void>) | undefined;
  const { retentionMs = 3_600_000, pruneEveryMs = 60_000 } = options;
  let prunedAt = Date.now();

  async function prune(): Promise<number> {
    let deleted = 0;
    for (;;) {
      // In slices, so a large backlog never holds a long lock.
      const rows = await sql`
        delete from outbox where seq in (
          select seq from outbox
          where published_at is not null
            and published_at < now() - make_interval(secs => ${retentionMs / 1000})
          order by seq limit 1000)
        returning seq`;
      deleted += rows.length;
      if (rows.length < 1000) return deleted;
    }
  }

  async function runOnce(): Promise<number> {
    let failed = false;
    const count = await sql.begin(async (tx) => {
      const [lock] = await tx<{ locked: boolean }[]>`
        select pg_try_advisory_xact_lock(${RELAY_LOCK}) as locked`;
      if (!lock?.locked) return 0;
      const rows = await tx<Row[]>`
        select seq, id, topic, key, type, envelope, created_at from outbox
        where published_at is null order by seq limit ${batchSize}`;
      if (rows.length === 0) return 0;
      const seqs = rows.map((r) => r.seq);
      try {
        await bus.publish(rows.map(toMessage));
      } catch (error) {
        failed = true;
        const message = (error as Error).message.slice(0, 1000);
        await tx`update outbox set attempts = attempts + 1, last_error = ${message}
          where seq = any(${seqs}::bigint[])`;
        failures.inc({}, rows.length);
        log.warn("Publish failed", { error: message, events: rows.length });
        return 0;
      }
      await options.afterPublish?.(rows.map((r) => r.id));
      await tx`update outbox set published_at = now(), attempts = attempts + 1, last_error = null
        where seq = any(${seqs}::bigint[])`;
      const now = Date.now();
      for (const r of rows) lag.observe({}, (now - new Date(r.createdAt).getTime()) / 1000);
      published.inc({}, rows.length);
      return rows.length;
    });
    return failed ? -1 : count;
  }

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  async function run() {
    let failuresInARow = 0;
    while (running) {
      let n: number;
      nudged = false;
      try {
        n = await runOnce();
        if (Date.now() - prunedAt >= pruneEveryMs) {
          prunedAt = Date.now();
          const deleted = await prune();
          if (deleted > 0) log.debug("Pruned published outbox rows", { deleted });
        }
      } catch (error) {
        log.error("Relay pass failed", { error: error as Error });
        n = -1;
      }
      if (!running) break;
      if (n < 0) {
        failuresInARow++;
        const cap = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (failuresInARow - 1));
        await wait(cap / 2 + Math.random() * cap / 2);
      } else {
        failuresInARow = 0;
        if (n < batchSize && !nudged) await wait(pollMs);
      }
    }
  }

  return {
    runOnce,
    prune,
    async start() {
      if (running) return;
      running = true;
      if (listen) {
        try {
          const sub = await sql.listen(OUTBOX_CHANNEL, () => {
            nudged = true;
            wakeUp?.();
          });
          unlisten = () => sub.unlisten();
        } catch (error) {
          log.warn("LISTEN unavailable, polling only", { error: (error as Error).message });
        }
      }
      loop = run();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      await unlisten?.().catch(() => {});
      unlisten = undefined;
    },
    async drain() {
      for (;;) {
        const n = await runOnce();
        if (n < 0) throw new Error("Publishing failed while draining the outbox");
        if (n === 0) {
          const [row] = await sql<{ pending: number }[]>`
            select count(*)::int as pending from outbox where published_at is null`;
          if (!row || row.pending === 0) return;
          await new Promise((r) => setTimeout(r, 20)); // another relay holds the lock
        }
      }
    },
  };
}

function toMessage(row: Row): BusMessage {
  const env = row.envelope;
  const headers: Record<string, string> = {
    "content-type": "application/cloudevents+json; charset=utf-8",
    "ce_id": row.id,
    "ce_type": row.type,
  };
  if (typeof env.traceparent === "string") headers.traceparent = env.traceparent;
  return { topic: row.topic, key: row.key, value: JSON.stringify(env), headers };
}
