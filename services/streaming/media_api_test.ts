import assert from "node:assert/strict";
import { MediaPath, streamIdOfPath } from "./media_api.ts";

/** A path as MediaMTX 1.20.1 answers `GET /v3/paths/get/live/{id}` while ffmpeg publishes. */
const PUBLISHED = {
  name: "live/0b9f4c2e-8a51-4f7e-9c1d-3e2a5b6c7d8e",
  confName: "~^live/...$",
  ready: true,
  readyTime: "2026-12-07T21:11:40.796318092Z",
  available: true,
  source: { type: "rtmpConn", id: "163c34d1-f565-469b-9710-58b3f01d5b2e" },
  tracks: ["H264", "MPEG-4 Audio"],
  tracks2: [
    { codec: "H264", codecProps: { width: 640, height: 360, profile: "High", level: "3" } },
    { codec: "MPEG-4 Audio", codecProps: { sampleRate: 44100, channelCount: 1 } },
  ],
  readers: [{ type: "hlsMuxer", id: "" }, { type: "webRTCSession", id: "s1" }],
  inboundBytes: 632164,
  outboundBytes: 0,
  bytesReceived: 632164,
  bytesSent: 0,
};

Deno.test("a published path of the media server's API parses, with its byte count", () => {
  const path = MediaPath.parse(PUBLISHED);
  assert.equal(path.ready, true);
  assert.equal(path.source?.type, "rtmpConn");
  assert.equal(path.inboundBytes, 632164);
  assert.equal(path.tracks2?.[0]?.codecProps?.width, 640);
  assert.equal(path.readers?.length, 2);
  const { inboundBytes: _, ...older } = PUBLISHED;
  assert.equal(MediaPath.parse(older).inboundBytes, 632164, "the older field name");
  const idle = MediaPath.parse({ name: "live/x", ready: false, source: null, readers: [] });
  assert.equal(idle.inboundBytes, 0);
});

Deno.test("only stream paths name a stream", () => {
  assert.equal(
    streamIdOfPath("live/0B9F4C2E-8A51-4F7E-9C1D-3E2A5B6C7D8E"),
    "0b9f4c2e-8a51-4f7e-9c1d-3e2a5b6c7d8e",
  );
  assert.equal(streamIdOfPath("live/not-a-stream"), undefined);
  assert.equal(streamIdOfPath("other/0b9f4c2e-8a51-4f7e-9c1d-3e2a5b6c7d8e"), undefined);
});
