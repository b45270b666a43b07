/**
 * Feeds the live hub with every instance's order changes. Each saga change writes its view
 * and a `NOTIFY order_views, '<orderId>'` in one transaction, so Postgres tells every
 * listening instance once the change has committed; an instance re-reads the view only
 * when one of its streams follows that order. On (re)connecting the listener re-reads every
 * followed order, so a change made while the connection was down is not lost. Where
 * LISTEN is unavailable (the embedded single-session database) the followed orders are
 * re-read on an interval instead.
 * @module
 */
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import { findView, findViews, VIEWS_CHANNEL } from "./db/views.ts";
import { TERMINAL } from "./domain/saga_types.ts";
import type { OrderView } from "./domain/view.ts";
import type { LiveHub } from "./live.ts";

/** Options of {@linkcode startViewFeed}. */
export interface ViewFeedOptions {
  sql: Sql;
  hub: LiveHub;
  logger: Logger;
  /** Listen for changes; when false (or LISTEN fails) followed orders are polled. */
  listen: boolean;
  /** How often followed orders are re-read when polling; 500 ms. */
  pollMs?: number;
}

/** A running feed. */
export interface ViewFeed {
  /** Whether changes arrive by LISTEN (else by polling). */
  listening(): boolean;
  stop(): Promise<void>;
}

/** Starts feeding `hub`; resolves once the listener is in place. */
export async function startViewFeed(options: ViewFeedOptions): Promise<ViewFeed> {
  const { sql, hub, pollMs = 500 } = options;
  const log = options.logger.child({ component: "view_feed" });
  // The newest version published per followed order, so a view goes out once.
  const published = new Map<string, number>();
  // Orders being read, and those changed again while being read.
  const reading = new Set<string>();
  const dirty = new Set<string>();
  let stopped = false;

  function offer(view: OrderView) {
    if (!hub.watching(view.id)) {
      published.delete(view.id);
      return;
    }
    if ((published.get(view.id) ?? 0) >= view.version) return;
    // A stream ends with an ended order, so no entry is kept for it.
    if (TERMINAL.includes(view.status)) published.delete(view.id);
    else published.set(view.id, view.version);
    hub.publish(view);
  }

  function forget() {
    for (const id of published.keys()) if (!hub.watching(id)) published.delete(id);
  }

  async function refresh(orderId: string): Promise<void> {
    if (stopped || !hub.watching(orderId)) return;
    if (reading.has(orderId)) {
      dirty.add(orderId);
      return;
    }
    reading.add(orderId);
    try {
      do {
        dirty.delete(orderId);
        const view = await findView(sql, orderId);
        if (view) offer(view);
      } while (dirty.has(orderId) && !stopped);
    } catch (error) {
      log.warn("Reading a changed order failed", { orderId, error: (error as Error).message });
    } finally {
      reading.delete(orderId);
    }
  }

  async function refreshAll(): Promise<void> {
    forget();
    const ids = hub.watched();
    for (const view of await findViews(sql, ids)) offer(view);
  }

  let unlisten: (() => Promise<void>) | undefined;
  if (options.listen) {
    try {
      const sub = await sql.listen(
        VIEWS_CHANNEL,
        (orderId) => void refresh(orderId),
        () => void refreshAll().catch(() => {}),
      );
      unlisten = () => sub.unlisten();
    } catch (error) {
      log.warn("LISTEN unavailable, polling followed orders", {
        error: (error as Error).message,
      });
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let round: Promise<void> = Promise.resolve();
  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      round = refreshAll()
        .catch((error) => log.warn("Polling orders failed", { error: (error as Error).message }))
        .finally(schedule);
    }, pollMs);
  }
  if (!unlisten) schedule();

  return {
    listening: () => unlisten !== undefined,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
      await unlisten?.().catch(() => {});
    },
  };
}
