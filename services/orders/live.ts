/**
 * In-process fan-out of order views to open live streams. It reaches the streams of this
 * process only: with one orders instance that is every stream; more instances would need
 * a shared channel (each consuming `marquee.orders` in its own group).
 * @module
 */
import type { OrderView } from "./domain/view.ts";

/** Publishes order views to subscribers of that order. */
export interface LiveHub {
  publish(view: OrderView): void;
  /** Calls `listener` with each new view of the order; returns the unsubscribe function. */
  subscribe(orderId: string, listener: (view: OrderView) => void): () => void;
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
        if (set.size === 0) listeners.delete(orderId);
      };
    },
    size: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}
