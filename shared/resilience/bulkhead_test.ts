import assert from "node:assert/strict";
import { createBulkhead } from "./bulkhead.ts";
import { BulkheadRejectedError } from "./errors.ts";

Deno.test("bulkhead runs at most maxConcurrent, queues up to maxQueue and refuses the rest", async () => {
  const seen: Array<{ active: number; queued: number }> = [];
  const bulkhead = createBulkhead({ maxConcurrent: 2, maxQueue: 1, onChange: (s) => seen.push(s) });
  const gate = Promise.withResolvers<void>();
  let running = 0;
  let peak = 0;
  const task = async () => {
    running++;
    peak = Math.max(peak, running);
    await gate.promise;
    running--;
    return "done";
  };
  const calls = [bulkhead.run(task), bulkhead.run(task), bulkhead.run(task)];
  assert.deepEqual(bulkhead.stats(), { active: 2, queued: 1 });
  await assert.rejects(bulkhead.run(task), BulkheadRejectedError);
  gate.resolve();
  assert.deepEqual(await Promise.all(calls), ["done", "done", "done"]);
  assert.equal(peak, 2);
  assert.deepEqual(bulkhead.stats(), { active: 0, queued: 0 });
  assert.deepEqual(seen.at(-1), { active: 0, queued: 0 });
});

Deno.test("bulkhead releases the slot when the task throws", async () => {
  const bulkhead = createBulkhead({ maxConcurrent: 1, maxQueue: 0 });
  await assert.rejects(bulkhead.run(() => Promise.reject(new Error("boom"))), /boom/);
  assert.equal(await bulkhead.run(() => Promise.resolve(1)), 1);
});

Deno.test("bulkhead drops a queued call whose signal aborts", async () => {
  const bulkhead = createBulkhead({ maxConcurrent: 1, maxQueue: 1 });
  const gate = Promise.withResolvers<void>();
  const first = bulkhead.run(() => gate.promise);
  const controller = new AbortController();
  const queued = bulkhead.run(() => Promise.resolve("late"), controller.signal);
  controller.abort();
  await assert.rejects(queued, { name: "AbortError" });
  assert.deepEqual(bulkhead.stats(), { active: 1, queued: 0 });
  gate.resolve();
  await first;
  assert.deepEqual(bulkhead.stats(), { active: 0, queued: 0 });
});
