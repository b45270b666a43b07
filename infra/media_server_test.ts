import assert from "node:assert/strict";
import { parse } from "yaml";
import { mediaServerConfig } from "./media_server.ts";
import { MEDIA_PORTS } from "./services.ts";

const TOKEN = "media-test-internal-token-0123456789";

Deno.test("the media server's ports move with the offset; its API stays on loopback", () => {
  const config = parse(
    mediaServerConfig({
      offset: 300,
      streamingOrigin: "http://127.0.0.1:8407",
      internalToken: TOKEN,
    }),
  );
  assert.equal(config.rtmpAddress, `:${MEDIA_PORTS.rtmp + 300}`);
  assert.equal(config.srtAddress, `:${MEDIA_PORTS.srt + 300}`);
  assert.equal(config.webrtcAddress, `:${MEDIA_PORTS.webrtc + 300}`);
  assert.equal(config.webrtcLocalUDPAddress, `:${MEDIA_PORTS.webrtcUdp + 300}`);
  assert.equal(config.hlsAddress, `:${MEDIA_PORTS.hls + 300}`);
  assert.equal(config.apiAddress, `127.0.0.1:${MEDIA_PORTS.api + 300}`);
  // RTSP's default RTP port would be the edge's.
  assert.equal(config.rtsp, false);
});

Deno.test("every publish and read is asked of the streaming service, and hooks call it back", () => {
  const config = parse(
    mediaServerConfig({
      offset: 0,
      streamingOrigin: "http://127.0.0.1:8107",
      internalToken: TOKEN,
    }),
  );
  assert.equal(config.authMethod, "http");
  assert.equal(
    config.authHTTPAddress,
    `http://mediamtx:${TOKEN}@127.0.0.1:8107/internal/media/auth`,
  );
  const [pattern, path] = Object.entries(config.paths)[0] as [string, Record<string, string>];
  assert.ok(new RegExp(pattern.slice(1)).test("live/0b7c2d4e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"));
  assert.ok(!new RegExp(pattern.slice(1)).test("live/other"));
  assert.match(path.runOnAvailable!, /\/internal\/media\/hooks\/available\?path=\$MTX_PATH$/);
  assert.match(path.runOnUnavailable!, /\/internal\/media\/hooks\/unavailable\?path=\$MTX_PATH$/);
});

Deno.test("streams are recorded in fMP4 segments under the given folder, each announced", () => {
  const config = parse(
    mediaServerConfig({
      offset: 0,
      streamingOrigin: "http://127.0.0.1:8107",
      internalToken: TOKEN,
      recordingsDir: "/data/recordings/",
    }),
  );
  const path = Object.values(config.paths)[0] as Record<string, unknown>;
  assert.equal(path.record, true);
  assert.equal(path.recordFormat, "fmp4");
  assert.equal(path.recordPath, "/data/recordings/%path/%Y-%m-%d_%H-%M-%S-%f");
  assert.match(
    String(path.runOnRecordSegmentComplete),
    /\/internal\/media\/hooks\/segment\?path=\$MTX_PATH&file=\$MTX_SEGMENT_PATH$/,
  );
  const none = parse(
    mediaServerConfig({
      offset: 0,
      streamingOrigin: "http://127.0.0.1:8107",
      internalToken: TOKEN,
    }),
  );
  assert.equal((Object.values(none.paths)[0] as Record<string, unknown>).record, undefined);
});
