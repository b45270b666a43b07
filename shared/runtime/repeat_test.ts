import assert from "node:assert/strict";
import { createLogger } from "@marquee/log";
import { repeat } from "./repeat.ts";

const logger = createLogger({ service: "test", level: "error" });

Deno.test("rounds repeat without overlapping, survive a failure, and stop after the last", async () => {
  let inRound = 0;
  let rounds = 0;
  const firsts: boolean[] = [];
  const loop = repeat(async (first) => {
    firsts.push(first);
    assert.equal(inRound++, 0, "a round started while another ran");
    rounds++;
    await new Promise((r) => setTimeout(r, 5));
    inRound--;
    if (rounds === 2) throw new Error("a failing round");
  }, { intervalMs: 1, logger, failure: "Round failed", immediately: true });
  while (rounds < 4) await new Promise((r) => setTimeout(r, 2));
  await loop.stop();
  const stoppedAt = rounds;
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(rounds, stoppedAt, "no round after stop");
  assert.equal(inRound, 0, "stop waited for the round in progress");
  assert.deepEqual(firsts.slice(0, 2), [true, false]);
});
