import assert from "node:assert/strict";
import {
  edgeLocation,
  hlsCacheControl,
  MEDIA_CACHE_CONTROL,
  mediaMethods,
  PLAYLIST_CACHE_CONTROL,
} from "./media.ts";

const ID = "0b9a3a8e-7f5e-4c1f-9a55-3c2f1d0e9b11";
const SECRET = "5a3c1e2d-8b7f-4a6e-9c0d-1e2f3a4b5c6d";

Deno.test("a created session's Location moves under the edge's prefix with its query", () => {
  assert.deepEqual(
    edgeLocation(`/live/${ID}/whep/${SECRET}?token=t.k`, "/media/webrtc", "http://127.0.0.1:8889"),
    `/media/webrtc/live/${ID}/whep/${SECRET}?token=t.k`,
  );
});

Deno.test("an absolute Location at the media server is made the edge's path", () => {
  assert.deepEqual(
    edgeLocation(
      `http://mediamtx:8889/live/${ID}/whip/${SECRET}`,
      "/media/webrtc",
      "http://mediamtx:8889/",
    ),
    `/media/webrtc/live/${ID}/whip/${SECRET}`,
  );
});

Deno.test("a Location elsewhere or protocol-relative is left alone", () => {
  const upstream = "http://127.0.0.1:8889";
  assert.deepEqual(
    edgeLocation("https://turn.example/x", "/m", upstream),
    "https://turn.example/x",
  );
  assert.deepEqual(edgeLocation("//evil.example/x", "/m", upstream), "//evil.example/x");
});

Deno.test("WHIP and WHEP take POST; their sessions PATCH and DELETE; nothing else passes", () => {
  assert.deepEqual(mediaMethods("webrtc", `/live/${ID}/whep`), ["POST", "OPTIONS"]);
  assert.deepEqual(mediaMethods("webrtc", `/live/${ID}/whip`), ["POST", "OPTIONS"]);
  assert.deepEqual(mediaMethods("webrtc", `/live/${ID}/whip/${SECRET}`), [
    "PATCH",
    "DELETE",
    "OPTIONS",
  ]);
  assert.deepEqual(mediaMethods("webrtc", `/live/${ID}`), undefined, "the player page");
  assert.deepEqual(mediaMethods("webrtc", `/live/${ID}/whep/../../v3/config`), undefined);
  assert.deepEqual(mediaMethods("webrtc", "/v3/paths/list"), undefined);
});

Deno.test("HLS serves the stream's playlists and media files only, read-only", () => {
  assert.deepEqual(mediaMethods("hls", `/live/${ID}/index.m3u8`), ["GET", "HEAD"]);
  assert.deepEqual(mediaMethods("hls", `/live/${ID}/4f2a_video1_seg12.mp4`), ["GET", "HEAD"]);
  assert.deepEqual(mediaMethods("hls", `/live/${ID}/sub/index.m3u8`), undefined);
  assert.deepEqual(mediaMethods("hls", "/other/index.m3u8"), undefined);
});

Deno.test("playlists are revalidated; segments, parts and init sections kept for good", () => {
  assert.deepEqual(hlsCacheControl("/live/x/index.m3u8", 200), PLAYLIST_CACHE_CONTROL);
  assert.deepEqual(hlsCacheControl("/live/x/video1_stream.m3u8", 200), "no-cache");
  assert.deepEqual(hlsCacheControl("/live/x/a_part3.mp4", 200), MEDIA_CACHE_CONTROL);
  assert.deepEqual(
    hlsCacheControl("/live/x/a_init.mp4", 200),
    "public, max-age=31536000, immutable",
  );
  assert.deepEqual(hlsCacheControl("/live/x/a_seg1.mp4", 404), "no-store");
});
