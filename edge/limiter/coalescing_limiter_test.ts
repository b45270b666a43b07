import assert from "node:assert/strict";
import { coalescing } from "./coalescing_limiter.ts";
import type { Limiter, LimitRule } from "./limiter.ts";
import { createMemoryLimiter } from "./memory_limiter.ts";

const user: LimitRule = { name: "user", limit: 5, windowMs: 60_000 };
const auth: LimitRule = { name: "auth", limit: 5, windowMs: 60_000 };

/** A backend that records every call it gets. */
function recording(clock: () => number) {
  const calls: Array<{ key: string; rule: string; count: number }> = [];
  const inner = createMemoryLimiter({ now: clock });
  const backend: Limiter = {
    kind: "upstash",
    limit(key, rule, count = 1) {
      calls.push({ key, rule: rule.name, count });
      return inner.limit(key, rule, count);
    },
    ping: () => Promise.resolve(),
  };
  return { backend, calls, inner };
}

Deno.test("the first request asks the backend; the rest are decided locally and sent in one batch", async () => {
  const now = 1_000_000;
  const { backend, calls } = recording(() => now);
  const limiter = coalescing(backend, { flushMs: 60_000, now: () => now });
  const verdicts = [];
  for (let i = 0; i < 7; i++) verdicts.push(await limiter.limit("user:a", user));
  assert.deepEqual(verdicts.map((v) => v.success), [true, true, true, true, true, false, false]);
  assert.deepEqual(verdicts.map((v) => v.remaining), [4, 3, 2, 1, 0, 0, 0]);
  assert.equal(calls.length, 1, "only the first request reached the backend");
  await limiter.flush();
  assert.deepEqual(calls.at(-1), { key: "user:a", rule: "user", count: 4 });
  // Another key has its own budget.
  assert.equal((await limiter.limit("user:b", user)).success, true);
  await limiter.close();
});

Deno.test("a flush learns what other instances spent", async () => {
  let now = 1_000_000;
  const { backend } = recording(() => now);
  const here = coalescing(backend, { flushMs: 60_000, now: () => now });
  const there = coalescing(backend, { flushMs: 60_000, now: () => now });
  assert.equal((await here.limit("k", user)).remaining, 4);
  assert.equal((await there.limit("k", user)).remaining, 3);
  assert.equal((await there.limit("k", user)).remaining, 2);
  assert.equal((await there.limit("k", user)).remaining, 1);
  await there.flush();
  // `here` still believes 4 are left until its own flush tells it otherwise.
  assert.equal((await here.limit("k", user)).success, true);
  await here.flush();
  assert.equal((await here.limit("k", user)).success, false);
  now += 60_000;
  assert.equal((await here.limit("k", user)).success, true, "a new window starts afresh");
  await here.close();
  await there.close();
});

Deno.test("exact rules ask the backend on every request", async () => {
  const now = 1_000_000;
  const { backend, calls } = recording(() => now);
  const limiter = coalescing(backend, { flushMs: 60_000, now: () => now });
  for (let i = 0; i < 6; i++) await limiter.limit("ip:1", auth);
  assert.equal(calls.length, 6);
  assert.equal((await limiter.limit("ip:1", auth)).success, false);
  await limiter.close();
});

Deno.test("counts of an ended window are not sent into the next one", async () => {
  let now = 1_000_000;
  const { backend, calls } = recording(() => now);
  const limiter = coalescing(backend, { flushMs: 60_000, now: () => now });
  await limiter.limit("k", user);
  await limiter.limit("k", user);
  now += 120_000;
  await limiter.flush();
  assert.equal(calls.length, 1);
  await limiter.close();
});

Deno.test("the timer flushes on its own", async () => {
  const { backend, calls } = recording(Date.now);
  const limiter = coalescing(backend, { flushMs: 10 });
  await limiter.limit("k", user);
  await limiter.limit("k", user);
  await limiter.limit("k", user);
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(calls.map((c) => c.count), [1, 2]);
  await limiter.close();
});

Deno.test("a failed backend decides nothing: the next request asks again", async () => {
  let calls = 0;
  const backend: Limiter = {
    kind: "upstash",
    limit: (_key, rule) => {
      calls++;
      return Promise.resolve({
        success: true,
        limit: rule.limit,
        remaining: rule.limit,
        reset: Date.now() + rule.windowMs,
        degraded: true,
      });
    },
    ping: () => Promise.resolve(),
  };
  const limiter = coalescing(backend, { flushMs: 60_000 });
  for (let i = 0; i < 3; i++) assert.equal((await limiter.limit("k", user)).degraded, true);
  assert.equal(calls, 3);
  await limiter.close();
});
