/**
 * The live-update hub. A write announces the key it changed (an order id, a user id) in its
 * own transaction with {@linkcode announce}; every instance's hub hears it once that
 * transaction commits and wakes its subscribers of that key, which read what changed.
 * Postgres LISTEN/NOTIFY carries it rather than a Kafka topic: each service owns its
 * database, the announcement commits or rolls back with the change, and no instance needs
 * a consumer group of its own. Where LISTEN is unavailable (the embedded single-session
 * database, which serves one instance) the hub wakes every subscriber on an interval.
 * @module
 */
import { z } from "zod";
import type { Sql, Tx } from "@marquee/db";
import type { Logger } from "@marquee/log";

/** What woke a subscriber: the announced refs, or `all` when anything may have changed. */
export interface LiveChange {
  /** Refs named by announcements (a row id), in the order they arrived. */
  refs: string[];
  /** True after a poll, a reconnect or an announcement without a ref: re-read everything. */
  all: boolean;
}

/** Reads and sends what changed; never called again before the previous call settles. */
export type LiveListener = (change: LiveChange) => Promise<void> | void;

/** Options of {@linkcode startLiveHub}. */
export interface LiveHubOptions {
  sql: Sql;
  /** The Postgres channel announcements go to; one per kind of stream. */
  channel: string;
  logger: Logger;
  /** LISTEN for announcements (a real Postgres server); else subscribers are polled. */
  listen: boolean;
  /** How often subscribers are woken when polling; 500 ms by default. */
  pollMs?: number;
}

/** This instance's subscribers of one channel. */
export interface LiveHub {
  /** Calls `listener` after each committed change of `key`; returns the unsubscribe. */
  subscribe(key: string, listener: LiveListener): () => void;
  /** Subscribers of `key` on this instance. */
  count(key: string): number;
  /** Subscribers on this instance. */
  size(): number;
  /** Whether announcements arrive by LISTEN (else subscribers are polled). */
  listening(): boolean;
  /** Stops listening and waits for running listeners. */
  close(): Promise<void>;
}

/** Postgres refuses NOTIFY payloads of 8000 bytes or more; keys and refs are ids. */
const MAX_PART_LENGTH = 200;
const Announcement = z.object({ k: z.string(), r: z.string().optional() });

/** Announces a change of `key` (and the row `ref`) on `channel` once `tx` commits. */
export async function announce(tx: Tx, channel: string, key: string, ref?: string): Promise<void> {
  if (key.length > MAX_PART_LENGTH || (ref?.length ?? 0) > MAX_PART_LENGTH) {
    throw new Error(`Live key or ref of "${channel}" is longer than ${MAX_PART_LENGTH}`);
  }
  await tx`select pg_notify(${channel}, ${JSON.stringify({ k: key, r: ref })})`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface Subscriber {
  listener: LiveListener;
  refs: string[];
  all: boolean;
  running?: Promise<void>;
}

/** Starts a hub of `channel`; resolves once it listens (or polls). */
export async function startLiveHub(options: LiveHubOptions): Promise<LiveHub> {
  const { sql, channel, pollMs = 500 } = options;
  const log = options.logger.child({ component: "live_hub", channel });
  const byKey = new Map<string, Set<Subscriber>>();
  let closed = false;

  function wake(sub: Subscriber, ref: string | undefined): void {
    if (ref === undefined) sub.all = true;
    else if (!sub.refs.includes(ref)) sub.refs.push(ref);
    sub.running ??= (async () => {
      // Changes arriving while the listener reads are folded into its next call.
      while (!closed && (sub.all || sub.refs.length > 0)) {
        const change = { refs: sub.refs, all: sub.all };
        sub.refs = [];
        sub.all = false;
        try {
          await sub.listener(change);
        } catch (error) {
          log.warn("Live listener failed", { error: (error as Error).message });
        }
      }
    })().finally(() => (sub.running = undefined));
  }

  function wakeKey(key: string, ref: string | undefined): void {
    for (const sub of byKey.get(key) ?? []) wake(sub, ref);
  }

  function wakeAll(): void {
    for (const key of byKey.keys()) wakeKey(key, undefined);
  }

  let unlisten: (() => Promise<void>) | undefined;
  if (options.listen) {
    try {
      const sub = await sql.listen(channel, (payload) => {
        const parsed = Announcement.safeParse(parseJson(payload));
        if (parsed.success) wakeKey(parsed.data.k, parsed.data.r);
        else log.warn("Unknown live announcement", { payload: payload.slice(0, 200) });
      }, wakeAll); // On (re)connecting: announcements made while away are lost, so re-read.
      unlisten = () => sub.unlisten();
    } catch (error) {
      log.warn("LISTEN unavailable, polling subscribers", { error: (error as Error).message });
    }
  }
  const timer = unlisten ? undefined : setInterval(wakeAll, pollMs);

  return {
    subscribe(key, listener) {
      const set = byKey.get(key) ?? new Set();
      const sub: Subscriber = { listener, refs: [], all: false };
      set.add(sub);
      byKey.set(key, set);
      return () => {
        set.delete(sub);
        if (set.size === 0 && byKey.get(key) === set) byKey.delete(key);
      };
    },
    count: (key) => byKey.get(key)?.size ?? 0,
    size: () => [...byKey.values()].reduce((n, s) => n + s.size, 0),
    listening: () => unlisten !== undefined,
    async close() {
      closed = true;
      clearInterval(timer);
      await unlisten?.().catch(() => {});
      const running = [...byKey.values()].flatMap((s) => [...s].map((sub) => sub.running));
      await Promise.all(running);
    },
  };
}
