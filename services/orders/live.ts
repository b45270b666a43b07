/**
 * The in-process fan-out of order views to this instance's open live streams. Views reach
 * it from {@linkcode startViewFeed} in `live_feed.ts`, which hears every instance's changes.
 * @module
 */
import type { OrderView } from "./domain/view.ts";

/** Publishes order views to subscribers of that order. */
export interface LiveHub {
  publish(view: OrderView): void;
  /** Calls `listener` with each new view of the order; returns the unsubscribe function. */
  subscribe(orderId: string, listener: (view: OrderView) => void): () => void;
  /** Whether some stream of this instance follows the order. */
  watching(orderId: string): boolean;
  /** The orders some stream of this instance follows. */
  watched(): string[];
  /** Open subscriptions, for tests and metrics. */
  size(): number;
}

/** Creates an empty hub. */
export function createLiveHub(): LiveHub {
  const listeners = new Map<string, Set<(view: OrderView) => void>>();
  return {
    publish(view) {
      for (const listener of listeners.get(view.id) ?? []) listener(view);
    },
    subscribe(orderId, listener) {
      const set = listeners.get(orderId) ?? new Set();
      set.add(listener);
      listeners.set(orderId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(orderId) === set) listeners.delete(orderId);
      };
    },
    watching: (orderId) => listeners.has(orderId),
    watched: () => [...listeners.keys()],
    size: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}
