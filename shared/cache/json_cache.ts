/**
 * JSON values on top of the string cache, validated on the way out when given a schema.
 * @module
 */
import type { z } from "zod";
import type { Cache, SetOptions } from "./cache.ts";

/** Options for {@linkcode jsonCache}. */
export interface JsonCacheOptions<T> {
  /** Checks values read back; a value that fails it counts as a miss. */
  schema?: z.ZodType<T>;
}

/** Typed `getJson`/`setJson` over one cache. */
export interface JsonCache<T> {
  /** The decoded value, or null when missing, not JSON, or not matching the schema. */
  getJson(key: string): Promise<T | null>;
  /** Stores `value` as JSON; resolves whether it was stored. */
  setJson(key: string, value: T, options?: SetOptions): Promise<boolean>;
}

/**
 * Wraps `cache` to store JSON values. A stored value that no longer parses or fits the
 * schema reads as a miss rather than an error: an older release may have written it, and
 * a cache must never be the reason a request fails.
 */
export function jsonCache<T = unknown>(
  cache: Cache,
  options: JsonCacheOptions<T> = {},
): JsonCache<T> {
  const { schema } = options;
  return {
    async getJson(key) {
      const raw = await cache.get(key);
      if (raw === null) return null;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        return null;
      }
      if (!schema) return value as T;
      const parsed = schema.safeParse(value);
      return parsed.success ? parsed.data : null;
    },
    setJson: (key, value, opts) => cache.set(key, JSON.stringify(value), opts),
  };
}
