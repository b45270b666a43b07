/**
 * The in-process subscriber list behind the live stream: each open stream registers a
 * listener for its user, and new notifications are handed to them once committed. It
 * reaches only the streams of this process, which is enough for one instance; several
 * instances would need a shared channel (Postgres LISTEN or a bus topic) to fan out.
 * @module
 */
import type { NotificationRow } from "../db/notifications.ts";

/** Receives a user's new notifications. */
export type Listener = (notification: NotificationRow) => void;

/** The subscriber list. */
export interface Hub {
  /** Registers a listener for a user; call the result to remove it. */
  subscribe(userId: string, listener: Listener): () => void;
  /** Hands a committed notification to its user's listeners. */
  publish(notification: NotificationRow): void;
  /** Open listeners of a user. */
  count(userId: string): number;
}

/** Creates an empty hub. */
export function createHub(): Hub {
  const byUser = new Map<string, Set<Listener>>();
  return {
    subscribe(userId, listener) {
      const set = byUser.get(userId) ?? new Set();
      set.add(listener);
      byUser.set(userId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0 && byUser.get(userId) === set) byUser.delete(userId);
      };
    },
    publish(notification) {
      for (const listener of [...byUser.get(notification.userId) ?? []]) {
        try {
          listener(notification);
        } catch {
          // A stream that broke is removed by its own abort handler; others still get theirs.
        }
      }
    },
    count: (userId) => byUser.get(userId)?.size ?? 0,
  };
}
