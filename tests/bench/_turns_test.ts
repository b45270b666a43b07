import assert from "node:assert/strict";
import { inTurns } from "./_turns.ts";

Deno.test("paths take turns, round after round, and keep their own results", async () => {
  const order: string[] = [];
  const results = await inTurns(["a", "b"], 3, (name, round) => {
    order.push(`${name}${round}`);
    return Promise.resolve(`${name}:${round}`);
  });
  assert.deepEqual(order, ["a0", "b0", "a1", "b1", "a2", "b2"]);
  assert.deepEqual(results, { a: ["a:0", "a:1", "a:2"], b: ["b:0", "b:1", "b:2"] });
});
