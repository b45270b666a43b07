import assert from "node:assert/strict";
import { individualReaders, nextCounts, NO_VIEWERS } from "./viewers.ts";

Deno.test("HLS viewers share one muxer on the media server: only individual readers count", () => {
  assert.equal(
    individualReaders([{ type: "hlsMuxer" }, { type: "webRTCSession" }, { type: "rtmpConn" }]),
    2,
  );
  assert.equal(individualReaders([]), 0);
});

Deno.test("viewers are the larger of present viewers and readers, not their sum", () => {
  const sample = { present: 3, readers: 2, distinct: 5, onAir: true };
  assert.deepEqual(nextCounts(NO_VIEWERS, sample), {
    viewers: 3,
    peakViewers: 3,
    totalViewers: 5,
  });
  assert.equal(nextCounts(NO_VIEWERS, { ...sample, readers: 4 }).viewers, 4);
});

Deno.test("the peak stays when viewers leave; the total is at least the peak", () => {
  const busy = nextCounts(NO_VIEWERS, { present: 1, readers: 6, distinct: 1, onAir: true });
  assert.deepEqual(busy, { viewers: 6, peakViewers: 6, totalViewers: 6 });
  const quiet = nextCounts(busy, { present: 1, readers: 0, distinct: 2, onAir: true });
  assert.deepEqual(quiet, { viewers: 1, peakViewers: 6, totalViewers: 6 });
});

Deno.test("a stream off the air has no viewers now, and keeps its peak and total", () => {
  const busy = { viewers: 4, peakViewers: 7, totalViewers: 9 };
  assert.deepEqual(nextCounts(busy, { present: 2, readers: 1, distinct: 9, onAir: false }), {
    viewers: 0,
    peakViewers: 7,
    totalViewers: 9,
  });
});
