/**
 * The in-process cache for embedded mode: a map with per-key expiry checked on every read
 * (lazily) plus a periodic sweep, so memory does not grow with keys nobody reads again.
 * @module
 */
import type { Cache, IncrOptions, SetOptions } from "./cache.ts";
import {
  createMemoryCacheStore,
  type MemoryCacheStore,
  type MemoryEntry,
  sweepExpired,
} from "./memory_store.ts";
import { assertIncrement, assertTtl } from "./_validate.ts";

/** Options for {@linkcode createMemoryCache}. */
export interface MemoryCacheOptions {
  /** Prepended to every key, e.g. `carts:`. */
  prefix?: string;
  /** Share one store between caches to mirror one server; a private one when absent. */
  store?: MemoryCacheStore;
  /** The clock, in epoch milliseconds; tests pass a fake one to expire keys without waiting. */
  now?: () => number;
  /** How often expired keys are swept; 0 turns the sweep off. */
  sweepIntervalMs?: number;
}

const INTEGER = /^-?\d+$/;

/** Creates an in-process cache. */
export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const {
    prefix = "",
    store = createMemoryCacheStore(),
    now = Date.now,
    sweepIntervalMs = 30_000,
  } = options;
  let closed = false;
  const sweeper = sweepIntervalMs > 0
    ? setInterval(() => sweepExpired(store, now()), sweepIntervalMs)
    : undefined;
  // A cache someone forgot to close must not keep the process alive.
  if (sweeper !== undefined) Deno.unrefTimer(sweeper);

  const live = (key: string): MemoryEntry | undefined => {
    const entry = store.entries.get(prefix + key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now()) {
      store.entries.delete(prefix + key);
      return undefined;
    }
    return entry;
  };
  const hash = (key: string) => {
    const entry = live(key);
    if (entry && entry.type !== "hash") throw new TypeError(`Key "${key}" does not hold a hash`);
    return entry;
  };
  // Every operation runs synchronously inside one call, which is what makes incr atomic.
  const op = <T>(fn: () => T): Promise<T> => {
    if (closed) return Promise.reject(new Error("Cache is closed"));
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return {
    kind: "memory",
    get: (key) =>
      op(() => {
        const entry = live(key);
        if (entry && entry.type !== "string") {
          throw new TypeError(`Key "${key}" does not hold a string`);
        }
        return entry?.value ?? null;
      }),
    set: (key, value, opts: SetOptions = {}) =>
      op(() => {
        if (opts.ttlMs !== undefined) assertTtl(opts.ttlMs);
        if (opts.ifAbsent && live(key)) return false;
        const expiresAt = opts.ttlMs === undefined ? undefined : now() + opts.ttlMs;
        store.entries.set(prefix + key, { type: "string", value, expiresAt });
        return true;
      }),
    del: (...keys) =>
      op(() => keys.filter((k) => live(k) && store.entries.delete(prefix + k)).length),
    incr: (key, opts: IncrOptions = {}) =>
      op(() => {
        const by = opts.by ?? 1;
        assertIncrement(by);
        if (opts.ttlMs !== undefined) assertTtl(opts.ttlMs);
        const entry = live(key);
        if (!entry) {
          const expiresAt = opts.ttlMs === undefined ? undefined : now() + opts.ttlMs;
          store.entries.set(prefix + key, { type: "string", value: String(by), expiresAt });
          return by;
        }
        if (entry.type !== "string" || !INTEGER.test(entry.value)) {
          throw new TypeError(`Value of "${key}" is not an integer`);
        }
        const next = Number(entry.value) + by;
        if (!Number.isSafeInteger(next)) throw new RangeError(`Value of "${key}" would overflow`);
        entry.value = String(next);
        return next;
      }),
    expire: (key, ttlMs) =>
      op(() => {
        assertTtl(ttlMs);
        const entry = live(key);
        if (entry) entry.expiresAt = now() + ttlMs;
        return entry !== undefined;
      }),
    ttl: (key) =>
      op(() => {
        const entry = live(key);
        return entry?.expiresAt === undefined ? null : entry.expiresAt - now();
      }),
    hget: (key, field) => op(() => hash(key)?.fields.get(field) ?? null),
    hset: (key, record) =>
      op(() => {
        let entry = hash(key);
        if (Object.keys(record).length === 0) return 0;
        if (!entry) {
          entry = { type: "hash", fields: new Map() };
          store.entries.set(prefix + key, entry);
        }
        let added = 0;
        for (const [field, value] of Object.entries(record)) {
          if (!entry.fields.has(field)) added++;
          entry.fields.set(field, value);
        }
        return added;
      }),
    hgetall: (key) => op(() => Object.fromEntries(hash(key)?.fields ?? [])),
    hdel: (key, ...fields) =>
      op(() => {
        const entry = hash(key);
        if (!entry) return 0;
        const removed = fields.filter((f) => entry.fields.delete(f)).length;
        if (entry.fields.size === 0) store.entries.delete(prefix + key);
        return removed;
      }),
    ping: () => op(() => undefined),
    close() {
      closed = true;
      clearInterval(sweeper);
      return Promise.resolve();
    },
  };
}
