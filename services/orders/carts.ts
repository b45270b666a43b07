/**
 * Carts in the cache (`@marquee/cache`: Redis in servers mode, in process embedded): one
 * hash per user, a field per product, expiring `ttlMs` after the last write.
 * @module
 */
import type { Cache } from "@marquee/cache";
import { z } from "zod";
import type { CartItem } from "./domain/cart.ts";

/** A user's cart. */
export interface CartStore {
  read(userId: string): Promise<CartItem[]>;
  /** Replaces the user's lines with `items`. */
  write(userId: string, before: CartItem[], items: CartItem[]): Promise<void>;
  remove(userId: string, productId: string): Promise<boolean>;
  clear(userId: string): Promise<void>;
}

const Stored = z.object({
  quantity: z.number().int().positive(),
  addedAt: z.string(),
  amount: z.number().int().nonnegative().optional(),
});

/** Creates the cart store on `cache`. */
export function createCartStore(cache: Cache, options: { ttlMs: number }): CartStore {
  const key = (userId: string) => `cart:${userId}`;
  return {
    async read(userId) {
      const fields = await cache.hgetall(key(userId));
      const items: CartItem[] = [];
      for (const [productId, raw] of Object.entries(fields)) {
        try {
          const parsed = Stored.safeParse(JSON.parse(raw));
          if (parsed.success) items.push({ productId, ...parsed.data });
        } catch { /* an unreadable line is dropped, never an error */ }
      }
      return items.sort((a, b) => a.addedAt.localeCompare(b.addedAt));
    },
    async write(userId, before, items) {
      const kept = new Set(items.map((i) => i.productId));
      const gone = before.filter((i) => !kept.has(i.productId)).map((i) => i.productId);
      if (gone.length) await cache.hdel(key(userId), ...gone);
      if (items.length === 0) return;
      await cache.hset(
        key(userId),
        Object.fromEntries(items.map((i) => [
          i.productId,
          JSON.stringify({ quantity: i.quantity, addedAt: i.addedAt, amount: i.amount }),
        ])),
      );
      await cache.expire(key(userId), options.ttlMs);
    },
    async remove(userId, productId) {
      const removed = await cache.hdel(key(userId), productId);
      if (removed > 0) await cache.expire(key(userId), options.ttlMs);
      return removed > 0;
    },
    async clear(userId) {
      await cache.del(key(userId));
    },
  };
}
