import assert from "node:assert/strict";
import RequestQueue from "kafkajs/src/network/requestQueue/index.js";
import { needsCheck } from "./_kafkajs_idle_loop.ts";

Deno.test("the request queue checks again only with requests pending or a throttle to wait out", () => {
  const now = 1_000_000;
  assert.equal(needsCheck({ pending: [], throttledUntil: -1 }, now), false);
  assert.equal(needsCheck({ pending: [], throttledUntil: now - 1 }, now), false);
  assert.equal(needsCheck({ pending: [{}], throttledUntil: -1 }, now), true);
  assert.equal(needsCheck({ pending: [], throttledUntil: now + 50 }, now), true);
});

Deno.test("an idle kafkajs request queue arms no timer", () => {
  const queue = Object.create(
    (RequestQueue as unknown as { prototype: object }).prototype,
  ) as Record<string, unknown> & { scheduleCheckPendingRequests(): void };
  Object.assign(queue, { pending: [], throttledUntil: -1, throttleCheckTimeoutId: null });
  queue.scheduleCheckPendingRequests();
  assert.equal(queue.throttleCheckTimeoutId, null);
  queue.pending = [{}];
  queue.scheduleCheckPendingRequests();
  assert.notEqual(queue.throttleCheckTimeoutId, null);
  clearTimeout(queue.throttleCheckTimeoutId as unknown as number);
});
