import assert from "node:assert/strict";
import { parseGcTrace, summarizeGc } from "./_gc_trace.ts";

const TRACE = [
  `[1:0x5:0]    10072 ms: GC: {"pause":5.25,"mutator":323.6,"gc":"s","promoted":3637736}`,
  `[1:0x5:0]    10072 ms: Scavenge 62.7 (91.3) -> 43.0 (95.0) MB, 5.25 / 0.00 ms`,
  `[1:0x5:0]    14024 ms: GC: {"pause":3.043,"gc":"mc","promoted":0}`,
  `[1:0x5:0]    14374 ms: GC: {"pause":1.5,"gc":"s","promo`,
  `[1:0x5:0]    14691 ms: GC: {"pause":0.5,"gc":"s","promoted":1000}`,
].join("\n");

Deno.test("the GC trace gives each collection's kind, pause and promoted bytes", () => {
  assert.deepEqual(parseGcTrace(TRACE), [
    { kind: "s", atMs: 10072, pauseMs: 5.25, promotedBytes: 3637736 },
    { kind: "mc", atMs: 14024, pauseMs: 3.043, promotedBytes: 0 },
    { kind: "s", atMs: 14691, pauseMs: 0.5, promotedBytes: 1000 },
  ]);
});

Deno.test("a run's collections add up", () => {
  assert.deepEqual(summarizeGc(parseGcTrace(TRACE)), {
    scavenges: 2,
    fullCollections: 1,
    pauseMs: 5.25 + 3.043 + 0.5,
    scavengePauseMs: 5.25 + 0.5,
    maxPauseMs: 5.25,
    promotedBytes: 3638736,
  });
});
