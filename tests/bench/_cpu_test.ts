import assert from "node:assert/strict";
import { coresUsed, cpuSnapshot } from "./_cpu.ts";

Deno.test("cores used are CPU seconds over wall seconds, busiest first", () => {
  const before = new Map([["orders", 10], ["edge", 4]]);
  const after = new Map([["orders", 25], ["edge", 10], ["kafka", 3]]);
  assert.deepEqual(coresUsed(before, after, 30), [["orders", 0.5], ["edge", 0.2], ["kafka", 0.1]]);
});

Deno.test("a snapshot counts this process as the load generator", async () => {
  const start = performance.now();
  while (performance.now() - start < 50) Math.sqrt(Math.random());
  const snapshot = await cpuSnapshot(-1);
  assert.ok((snapshot.get("load generator") ?? 0) > 0);
  for (const group of snapshot.keys()) {
    assert.ok(["load generator", "postgres", "kafka", "stripe-mock"].includes(group), group);
  }
});
