import assert from "node:assert/strict";
import { createMemoryCache } from "./memory_cache.ts";
import { createMemoryCacheStore, sweepExpired } from "./memory_store.ts";

function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

Deno.test("memory cache expires keys by the injected clock", async () => {
  const clock = fakeClock();
  const cache = createMemoryCache({ now: clock.now });
  await cache.set("a", "1", { ttlMs: 1000 });
  assert.equal(await cache.ttl("a"), 1000);
  clock.advance(999);
  assert.equal(await cache.get("a"), "1");
  assert.equal(await cache.ttl("a"), 1);
  clock.advance(1);
  assert.equal(await cache.get("a"), null);
  assert.equal(await cache.ttl("a"), null);
  await cache.close();
});

Deno.test("memory cache set without a TTL clears an old expiry, like Redis", async () => {
  const clock = fakeClock();
  const cache = createMemoryCache({ now: clock.now });
  await cache.set("a", "1", { ttlMs: 10 });
  await cache.set("a", "2");
  clock.advance(20);
  assert.equal(await cache.get("a"), "2");
  assert.equal(await cache.ttl("a"), null);
  await cache.close();
});

Deno.test("memory cache incr sets the TTL only when it creates the key", async () => {
  const clock = fakeClock();
  const cache = createMemoryCache({ now: clock.now });
  assert.equal(await cache.incr("n", { ttlMs: 100 }), 1);
  clock.advance(60);
  assert.equal(await cache.incr("n", { ttlMs: 100 }), 2);
  assert.equal(await cache.ttl("n"), 40);
  clock.advance(40);
  assert.equal(await cache.incr("n", { ttlMs: 100, by: 5 }), 5);
  assert.equal(await cache.ttl("n"), 100);
  await cache.close();
});

Deno.test("memory cache sweep removes expired keys nobody reads", async () => {
  const clock = fakeClock();
  const store = createMemoryCacheStore();
  const cache = createMemoryCache({ store, now: clock.now, sweepIntervalMs: 0 });
  await cache.set("gone", "1", { ttlMs: 5 });
  await cache.set("kept", "1");
  await cache.hset("h", { f: "v" });
  await cache.expire("h", 5);
  clock.advance(5);
  assert.equal(sweepExpired(store, clock.now()), 2);
  assert.deepEqual([...store.entries.keys()], ["kept"]);
  await cache.close();
});

Deno.test("memory cache sweeps on its timer and stops sweeping on close", async () => {
  const store = createMemoryCacheStore();
  const sweeping = createMemoryCache({ store, sweepIntervalMs: 10 });
  const writer = createMemoryCache({ store, sweepIntervalMs: 0 });
  await writer.set("gone", "1", { ttlMs: 1 });
  const deadline = Date.now() + 2000;
  while (store.entries.size > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(store.entries.size, 0);
  await sweeping.close();
  await writer.set("stays", "1", { ttlMs: 1 });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(store.entries.size, 1, "a closed cache must not sweep any more");
  await writer.close();
});

Deno.test("memory cache rejects wrong types, bad numbers and use after close", async () => {
  const cache = createMemoryCache();
  await cache.set("s", "abc");
  await cache.hset("h", { f: "v" });
  await assert.rejects(() => cache.incr("s"), { message: 'Value of "s" is not an integer' });
  await assert.rejects(() => cache.hget("s", "f"), TypeError);
  await assert.rejects(() => cache.get("h"), TypeError);
  await assert.rejects(() => cache.set("x", "1", { ttlMs: 0 }), RangeError);
  await assert.rejects(() => cache.incr("x", { by: 1.5 }), RangeError);
  await cache.close();
  await assert.rejects(() => cache.get("s"), { message: "Cache is closed" });
});

Deno.test("memory caches sharing a store are kept apart by prefix", async () => {
  const store = createMemoryCacheStore();
  const a = createMemoryCache({ store, prefix: "a:" });
  const b = createMemoryCache({ store, prefix: "b:" });
  await a.set("k", "from a");
  await b.set("k", "from b");
  assert.equal(await a.get("k"), "from a");
  assert.equal(await b.get("k"), "from b");
  assert.deepEqual([...store.entries.keys()].sort(), ["a:k", "b:k"]);
  await Promise.all([a.close(), b.close()]);
});
