import assert from "node:assert/strict";
import { ingestBitrate, ingestProtocol } from "./media_health.ts";

Deno.test("the media server's source types name the ingest protocol", () => {
  assert.equal(ingestProtocol("rtmpConn"), "rtmp");
  assert.equal(ingestProtocol("srtConn"), "srt");
  assert.equal(ingestProtocol("webRTCSession"), "webrtc");
  assert.equal(ingestProtocol("hlsSource"), "other");
});

Deno.test("the first look measures the average since the path became ready", () => {
  const { bitsPerSecond, keep } = ingestBitrate(
    undefined,
    { bytes: 250_000, atMs: 12_000 },
    10_000,
  );
  assert.equal(bitsPerSecond, 1_000_000);
  assert.deepEqual(keep, { bytes: 250_000, atMs: 12_000, bitsPerSecond: 1_000_000 });
  assert.equal(ingestBitrate(undefined, { bytes: 1, atMs: 1 }, null).bitsPerSecond, null);
});

Deno.test("later looks measure the bytes since the previous one", () => {
  const first = ingestBitrate(undefined, { bytes: 100_000, atMs: 10_000 }, 9_000).keep;
  const second = ingestBitrate(first, { bytes: 350_000, atMs: 12_000 }, 9_000);
  assert.equal(second.bitsPerSecond, 1_000_000);
  // Too soon to measure: the previous rate and sample stand.
  const soon = ingestBitrate(second.keep, { bytes: 360_000, atMs: 12_100 }, 9_000);
  assert.equal(soon.bitsPerSecond, 1_000_000);
  assert.equal(soon.keep, second.keep);
});

Deno.test("a counter that went back is a new publisher, measured from its start", () => {
  const old = { bytes: 9_000_000, atMs: 50_000, bitsPerSecond: 2_000_000 };
  const fresh = ingestBitrate(old, { bytes: 125_000, atMs: 61_000 }, 60_000);
  assert.equal(fresh.bitsPerSecond, 1_000_000);
});
