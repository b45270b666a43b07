/**
 * The cache port. Redis in production, an in-process map in embedded mode; both namespace
 * every key with the adapter's `prefix` and expire keys with millisecond TTLs.
 * @module
 */

/** Options for {@linkcode Cache.set}. */
export interface SetOptions {
  /** Expiry in milliseconds; without it the key never expires (and loses any old expiry). */
  ttlMs?: number;
  /** Only set when the key does not exist (Redis `SET NX`). */
  ifAbsent?: boolean;
}

/** Options for {@linkcode Cache.incr}. */
export interface IncrOptions {
  /** Amount to add, an integer (negative to decrement); 1 when absent. */
  by?: number;
  /** Expiry applied only when this call creates the key (e.g. a rate-limit window). */
  ttlMs?: number;
}

/** The cache both adapters implement. Values are strings; see `jsonCache` for objects. */
export interface Cache {
  readonly kind: "redis" | "memory";
  /** The value, or null when the key is missing or expired. */
  get(key: string): Promise<string | null>;
  /** Stores `value`; resolves whether it was stored (false only when `ifAbsent` found a key). */
  set(key: string, value: string, options?: SetOptions): Promise<boolean>;
  /** Removes keys; resolves how many existed. */
  del(...keys: string[]): Promise<number>;
  /** Adds atomically to an integer value (missing counts as 0) and resolves the new value. */
  incr(key: string, options?: IncrOptions): Promise<number>;
  /** Sets a key's expiry; resolves whether the key exists. */
  expire(key: string, ttlMs: number): Promise<boolean>;
  /** Milliseconds left, or null when the key is missing or never expires. */
  ttl(key: string): Promise<number | null>;
  /** One field of a hash, or null. */
  hget(key: string, field: string): Promise<string | null>;
  /** Sets fields of a hash, keeping its expiry; resolves how many fields were new. */
  hset(key: string, record: Record<string, string>): Promise<number>;
  /** Every field of a hash; empty when the key is missing. */
  hgetall(key: string): Promise<Record<string, string>>;
  /** Removes fields of a hash (the key goes with its last field); resolves how many existed. */
  hdel(key: string, ...fields: string[]): Promise<number>;
  /** Resolves when the cache answers; used by readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
