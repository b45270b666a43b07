import assert from "node:assert/strict";
import { playbackOutcome } from "./live_playback.ts";

const PRODUCT = "0b9a3a8e-7f5e-4c1f-9a55-3c2f1d0e9b11";

Deno.test("a 200 plays with the same-origin WHEP and LL-HLS paths", () => {
  const urls = {
    whepUrl: "/media/webrtc/live/x/whep?token=t",
    hlsUrl: "/media/hls/live/x/index.m3u8?token=t",
    expiresAt: "2026-12-07T20:02:00.000Z",
    presenceToken: "p",
  };
  assert.deepEqual(playbackOutcome(200, urls), { kind: "play", urls });
  const { presenceToken: _, ...withoutPresence } = urls;
  assert.deepEqual(playbackOutcome(200, withoutPresence), {
    kind: "play",
    urls: { ...withoutPresence, presenceToken: null },
  }, "an answer without a presence token still plays; the viewer is not counted");
});

Deno.test("an ended stream with a replay plays its VOD playlist", () => {
  const replayUrl = "/api/streams/x/replay.m3u8?token=t";
  assert.deepEqual(
    playbackOutcome(200, { whepUrl: null, hlsUrl: null, replayUrl }),
    { kind: "replay", replayUrl },
  );
});

Deno.test("401 asks to sign in and 403 to buy, naming the product", () => {
  assert.deepEqual(playbackOutcome(401, { productId: PRODUCT }), {
    kind: "sign_in",
    productId: PRODUCT,
  });
  assert.deepEqual(playbackOutcome(403, { productId: PRODUCT }), {
    kind: "buy",
    productId: PRODUCT,
  });
  assert.deepEqual(playbackOutcome(403, {}), { kind: "buy", productId: null });
});

Deno.test("an ended stream, a missing one, and the rest is tried again", () => {
  assert.deepEqual(playbackOutcome(410, {}), { kind: "over" });
  assert.deepEqual(playbackOutcome(404, {}), { kind: "missing" });
  assert.deepEqual(playbackOutcome(503, { detail: "Access cannot be checked" }, "7"), {
    kind: "retry",
    message: "Access cannot be checked",
    afterSec: 7,
  });
  assert.deepEqual(playbackOutcome(200, { whepUrl: 1 }), {
    kind: "retry",
    message: "The stream cannot be opened now",
    afterSec: 5,
  });
});
