import assert from "node:assert/strict";
import { formatBitrate, healthBetween, outboundVideo } from "./studio_health.ts";

Deno.test("bitrate and frame rate come from the difference between two readings", () => {
  const before = { timestamp: 10_000, bytesSent: 100_000, framesSent: 300 };
  const after = { timestamp: 12_000, bytesSent: 400_000, framesSent: 360 };
  assert.deepEqual(healthBetween(before, after), { kbps: 1200, fps: 30 });
  assert.deepEqual(healthBetween(before, { ...after, framesPerSecond: 24 })?.fps, 24);
  assert.equal(healthBetween(after, after), undefined, "no time passed");
});

Deno.test("the outgoing video is found among the reports", () => {
  const reports = [
    { type: "outbound-rtp", kind: "audio", timestamp: 1, bytesSent: 9 },
    { type: "outbound-rtp", kind: "video", timestamp: 2, bytesSent: 5, framesSent: 1 },
  ];
  assert.deepEqual(outboundVideo(reports), { timestamp: 2, bytesSent: 5, framesSent: 1 });
  assert.equal(outboundVideo([{ type: "candidate-pair" }]), undefined);
});

Deno.test("bitrates read as people say them", () => {
  assert.equal(formatBitrate(850), "850 kbit/s");
  assert.equal(formatBitrate(2400), "2.4 Mbit/s");
});
