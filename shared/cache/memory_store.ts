/**
 * The data behind in-process caches. Caches that share one store behave like clients of
 * one Redis server, so their prefixes keep them apart as they would in production.
 * @module
 */

/** One stored key: a string or a hash, with an optional expiry (epoch ms). */
export type MemoryEntry =
  | { type: "string"; value: string; expiresAt?: number }
  | { type: "hash"; fields: Map<string, string>; expiresAt?: number };

/** Keys and values shared by the memory caches built on it. */
export interface MemoryCacheStore {
  readonly entries: Map<string, MemoryEntry>;
}

/** Creates an empty store. */
export function createMemoryCacheStore(): MemoryCacheStore {
  return { entries: new Map() };
}

/** Removes every entry expired at `now`; returns how many went. */
export function sweepExpired(store: MemoryCacheStore, now: number): number {
  let removed = 0;
  for (const [key, entry] of store.entries) {
    if (entry.expiresAt !== undefined && entry.expiresAt <= now) {
      store.entries.delete(key);
      removed++;
    }
  }
  return removed;
}
