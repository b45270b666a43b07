import assert from "node:assert/strict";
import { parseRate } from "./limiter.ts";
import { createMemoryLimiter } from "./memory_limiter.ts";

Deno.test("parseRate reads counts over durations and refuses nonsense", () => {
  assert.deepEqual(parseRate("anonymous", "120/60s"), {
    name: "anonymous",
    limit: 120,
    windowMs: 60_000,
  });
  assert.deepEqual(parseRate("auth", "20/1m"), { name: "auth", limit: 20, windowMs: 60_000 });
  assert.deepEqual(parseRate("x", "5 / 500ms"), { name: "x", limit: 5, windowMs: 500 });
  for (const bad of ["120", "0/60s", "12/0s", "a/60s", "10/60d"]) {
    assert.throws(() => parseRate("x", bad), RangeError, bad);
  }
});

Deno.test("the sliding window weighs the previous window by its overlap", async () => {
  let now = 60_000; // the start of a window
  const limiter = createMemoryLimiter({ now: () => now });
  const rule = { name: "r", limit: 4, windowMs: 60_000 };
  const results = [];
  for (let i = 0; i < 5; i++) results.push(await limiter.limit("k", rule));
  assert.deepEqual(results.map((r) => r.success), [true, true, true, true, false]);
  assert.deepEqual(results.map((r) => r.remaining), [3, 2, 1, 0, 0]);
  assert.equal(results[0]!.reset, 120_000);

  now = 120_000 + 15_000; // a quarter into the next window: 3 of the 4 still count
  assert.equal((await limiter.limit("k", rule)).success, true);
  assert.equal((await limiter.limit("k", rule)).success, false);
  now = 120_000 + 45_000; // three quarters in: 1 of the 4 counts, plus the 1 taken
  assert.deepEqual((await limiter.limit("k", rule)).remaining, 1);
  now = 240_000 + 1; // two windows later: a clean slate
  assert.equal((await limiter.limit("k", rule)).remaining, 3);
});

Deno.test("keys and rules keep separate budgets; the key count is bounded", async () => {
  const limiter = createMemoryLimiter({ maxKeys: 2 });
  const one = { name: "one", limit: 1, windowMs: 60_000 };
  const two = { name: "two", limit: 1, windowMs: 60_000 };
  assert.ok((await limiter.limit("a", one)).success);
  assert.ok(!(await limiter.limit("a", one)).success);
  assert.ok((await limiter.limit("a", two)).success);
  assert.ok((await limiter.limit("b", one)).success);
  // "one:a" was the oldest key and has been dropped to stay within two keys.
  assert.ok((await limiter.limit("a", one)).success);
});
