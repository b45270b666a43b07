import assert from "node:assert/strict";
import { z } from "zod";
import { createMemoryCache } from "./memory_cache.ts";
import { jsonCache } from "./json_cache.ts";

const Cart = z.object({ id: z.string(), items: z.array(z.object({ sku: z.string() })) });

Deno.test("jsonCache round-trips values and validates them with the schema", async () => {
  const cache = createMemoryCache();
  const carts = jsonCache(cache, { schema: Cart });
  const cart = { id: "c1", items: [{ sku: "poster-1" }] };
  assert.equal(await carts.setJson("c1", cart, { ttlMs: 60_000 }), true);
  assert.deepEqual(await carts.getJson("c1"), cart);
  assert.ok((await cache.ttl("c1"))! > 0);
  assert.equal(await carts.getJson("missing"), null);
  await cache.close();
});

Deno.test("jsonCache reads broken or outdated values as a miss", async () => {
  const cache = createMemoryCache();
  const carts = jsonCache(cache, { schema: Cart });
  await cache.set("not-json", "{oops");
  await cache.set("old-shape", JSON.stringify({ id: "c1", lines: [] }));
  assert.equal(await carts.getJson("not-json"), null);
  assert.equal(await carts.getJson("old-shape"), null);
  assert.deepEqual(await jsonCache(cache).getJson("old-shape"), { id: "c1", lines: [] });
  await cache.close();
});

Deno.test("jsonCache setJson honours ifAbsent", async () => {
  const cache = createMemoryCache();
  const json = jsonCache<{ n: number }>(cache);
  assert.equal(await json.setJson("k", { n: 1 }, { ifAbsent: true }), true);
  assert.equal(await json.setJson("k", { n: 2 }, { ifAbsent: true }), false);
  assert.deepEqual(await json.getJson("k"), { n: 1 });
  await cache.close();
});
