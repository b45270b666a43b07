/**
 * One contract, both adapters: the in-process cache and Redis must behave alike.
 * Redis joins when `MARQUEE_TEST_REDIS_URL` names a server.
 */
import assert from "node:assert/strict";
import {
  type Cache,
  createMemoryCache,
  createMemoryCacheStore,
  createRedisCache,
} from "@marquee/cache";

interface CacheTarget {
  name: "memory" | "redis";
  /** A cache on this target's one backend, namespaced by `prefix`. */
  make: (prefix: string) => Cache;
}

function cacheTargets(): CacheTarget[] {
  const store = createMemoryCacheStore();
  const targets: CacheTarget[] = [
    { name: "memory", make: (prefix) => createMemoryCache({ prefix, store }) },
  ];
  const url = Deno.env.get("MARQUEE_TEST_REDIS_URL");
  if (url) targets.push({ name: "redis", make: (prefix) => createRedisCache({ url, prefix }) });
  return targets;
}

const testPrefix = () => `test:${crypto.randomUUID().slice(0, 8)}:`;

async function eventually(predicate: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const target of cacheTargets()) {
  /** Runs `fn` with a fresh cache under a unique prefix, then cleans up and closes it. */
  const withCache = (fn: (cache: Cache, prefix: string) => Promise<void>, keys: string[]) => {
    return async () => {
      const prefix = testPrefix();
      const cache = target.make(prefix);
      try {
        await fn(cache, prefix);
      } finally {
        await cache.del(...keys);
        await cache.close();
      }
    };
  };

  Deno.test(
    `${target.name} cache: set, get and del`,
    withCache(async (cache) => {
      await cache.ping();
      assert.equal(await cache.get("a"), null);
      assert.equal(await cache.set("a", "one"), true);
      assert.equal(await cache.set("b", "two"), true);
      assert.equal(await cache.get("a"), "one");
      assert.equal(await cache.set("a", "uno"), true);
      assert.equal(await cache.get("a"), "uno");
      assert.equal(await cache.del("a", "b", "never-set"), 2);
      assert.equal(await cache.get("a"), null);
      assert.equal(await cache.del(), 0);
    }, ["a", "b"]),
  );

  Deno.test(
    `${target.name} cache: keys expire after their TTL`,
    withCache(async (cache) => {
      await cache.set("short", "v", { ttlMs: 150 });
      await cache.set("forever", "v");
      const left = await cache.ttl("short");
      assert.ok(left !== null && left > 0 && left <= 150, `ttl ${left}`);
      assert.equal(await cache.ttl("forever"), null);
      assert.equal(await cache.ttl("missing"), null);
      await eventually(async () => (await cache.get("short")) === null, 3000, "expiry");
      assert.equal(await cache.ttl("short"), null);
      assert.equal(await cache.expire("forever", 150), true);
      assert.equal(await cache.expire("missing", 150), false);
      await eventually(async () => (await cache.get("forever")) === null, 3000, "expire()");
      await assert.rejects(() => cache.set("bad", "v", { ttlMs: 0 }), RangeError);
    }, ["short", "forever", "bad"]),
  );

  Deno.test(
    `${target.name} cache: ifAbsent sets only a missing key`,
    withCache(async (cache) => {
      assert.equal(await cache.set("lock", "owner-1", { ifAbsent: true, ttlMs: 5000 }), true);
      assert.equal(await cache.set("lock", "owner-2", { ifAbsent: true, ttlMs: 5000 }), false);
      assert.equal(await cache.get("lock"), "owner-1");
      assert.equal(await cache.del("lock"), 1);
      assert.equal(await cache.set("lock", "owner-2", { ifAbsent: true }), true);
      assert.equal(await cache.get("lock"), "owner-2");
    }, ["lock"]),
  );

  Deno.test(
    `${target.name} cache: incr is atomic under 50 concurrent calls`,
    withCache(async (cache) => {
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.incr("hits")));
      assert.deepEqual(results.sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
      assert.equal(await cache.get("hits"), "50");
      assert.equal(await cache.incr("hits", { by: -10 }), 40);
    }, ["hits"]),
  );

  Deno.test(
    `${target.name} cache: incr applies its TTL only when it creates the key`,
    withCache(async (cache) => {
      assert.equal(await cache.incr("window", { ttlMs: 60_000 }), 1);
      const left = await cache.ttl("window");
      assert.ok(left !== null && left > 0 && left <= 60_000, `ttl ${left}`);
      await cache.set("plain", "7");
      assert.equal(await cache.incr("plain", { ttlMs: 60_000, by: 3 }), 10);
      assert.equal(await cache.ttl("plain"), null);
      await cache.set("word", "abc");
      await assert.rejects(() => cache.incr("word"));
    }, ["window", "plain", "word"]),
  );

  Deno.test(
    `${target.name} cache: hash fields are set, read and removed`,
    withCache(async (cache) => {
      assert.deepEqual(await cache.hgetall("cart"), {});
      assert.equal(await cache.hset("cart", { "sku-1": "2", "sku-2": "1" }), 2);
      assert.equal(await cache.hset("cart", { "sku-2": "3", "sku-3": "1" }), 1);
      assert.equal(await cache.hget("cart", "sku-2"), "3");
      assert.equal(await cache.hget("cart", "sku-9"), null);
      assert.equal(await cache.hget("missing", "sku-1"), null);
      assert.deepEqual(await cache.hgetall("cart"), { "sku-1": "2", "sku-2": "3", "sku-3": "1" });
      assert.equal(await cache.expire("cart", 60_000), true);
      assert.equal(await cache.hset("cart", { "sku-4": "1" }), 1);
      assert.ok((await cache.ttl("cart"))! > 0, "hset keeps the expiry");
      assert.equal(await cache.hdel("cart", "sku-1", "sku-9"), 1);
      assert.equal(await cache.hdel("cart", "sku-2", "sku-3", "sku-4"), 3);
      assert.deepEqual(await cache.hgetall("cart"), {});
      assert.equal(await cache.del("cart"), 0, "the last hdel removes the key");
      await cache.set("text", "v");
      await assert.rejects(() => cache.hget("text", "f"));
    }, ["cart", "text"]),
  );

  Deno.test(`${target.name} cache: prefixes keep namespaces apart`, async () => {
    const shared = testPrefix();
    const carts = target.make(`${shared}carts:`);
    const sessions = target.make(`${shared}sessions:`);
    try {
      await carts.set("u1", "cart");
      await sessions.set("u1", "session");
      await carts.hset("h", { f: "cart" });
      assert.equal(await carts.get("u1"), "cart");
      assert.equal(await sessions.get("u1"), "session");
      assert.equal(await sessions.hget("h", "f"), null);
      assert.equal(await sessions.del("u1", "h"), 1);
      assert.equal(await carts.get("u1"), "cart");
      assert.equal(await carts.incr("n"), 1);
      assert.equal(await sessions.incr("n"), 1);
    } finally {
      await carts.del("u1", "h", "n");
      await sessions.del("u1", "n");
      await Promise.all([carts.close(), sessions.close()]);
    }
  });

  Deno.test(`${target.name} cache: a closed cache refuses calls`, async () => {
    const cache = target.make(testPrefix());
    await cache.close();
    await cache.close();
    await assert.rejects(() => cache.get("k"));
  });
}
