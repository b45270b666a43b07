/**
 * Access answers, cached per user and product (`@marquee/cache`: Redis in servers mode, in
 * process embedded). Readers fill only missing keys; the grant and revoke handlers write
 * the new answer unconditionally. The handlers run inside the consumer's inbox transaction,
 * so they write just before it commits; with readers never overwriting, a reader that
 * looked at the database before the commit cannot put the old answer back over the new
 * one. A failed transaction is retried by the bus and writes again. The cache never fails
 * a request: on a cache error the database answers.
 * @module
 */
import type { Cache } from "@marquee/cache";
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import { isEntitled } from "./db/entitlements.ts";

/** Checks and records access. */
export interface AccessChecker {
  /** Whether the user may use the product: the cache, else the database. */
  has(userId: string, productId: string): Promise<boolean>;
  /** Records a decided answer (after a grant or revoke) over whatever is cached. */
  record(userId: string, answers: Map<string, boolean>): Promise<void>;
}

/** Options of {@linkcode createAccessChecker}. */
export interface AccessCheckerOptions {
  sql: Sql;
  cache: Cache;
  logger: Logger;
  ttlMs: number;
}

/** The cache key of one user's access to one product. */
export function accessKey(userId: string, productId: string): string {
  return `access:${userId}:${productId}`;
}

/** Creates the access checker. */
export function createAccessChecker(options: AccessCheckerOptions): AccessChecker {
  const { sql, cache, ttlMs } = options;
  const log = options.logger.child({ component: "access_cache" });
  const warn = (message: string) => (error: unknown) => {
    log.warn(message, { error: error instanceof Error ? error.message : String(error) });
    return null;
  };
  return {
    async has(userId, productId) {
      const key = accessKey(userId, productId);
      const cached = await cache.get(key).catch(warn("Access cache read failed"));
      if (cached === "1" || cached === "0") return cached === "1";
      const entitled = await isEntitled(sql, userId, productId);
      await cache.set(key, entitled ? "1" : "0", { ttlMs, ifAbsent: true })
        .catch(warn("Access cache fill failed"));
      return entitled;
    },
    async record(userId, answers) {
      for (const [productId, entitled] of answers) {
        // Not fatal: a failed write would roll back a decided grant or revoke and, retried
        // past the limit, lose it; the TTL bounds how long an old answer can outlive it.
        await cache.set(accessKey(userId, productId), entitled ? "1" : "0", { ttlMs })
          .catch(warn("Access cache write failed"));
      }
    },
  };
}
