/**
 * The media server through the edge, on the real servers and a real MediaMTX: ffmpeg's test
 * source pushed over RTMP makes a stream live; the playback answer's WHEP path, POSTed to the
 * edge with an SDP offer, answers 201 with an SDP answer and the session's `Location` on the
 * edge (where DELETE ends it); the LL-HLS playlist through the edge has parts, revalidates,
 * and its parts are immutable.
 */
import assert from "node:assert/strict";
import { eventually, seedPublishedProduct } from "@marquee/testing";
import {
  type MediaPlaylist,
  mediaPlaylist,
  push,
  rtmpUrl,
  scheduleStream,
  startLivePlatform,
  stopPushes,
} from "./fixtures/live.ts";

const OFFSET = 11100;
const opts = { sanitizeOps: false, sanitizeResources: false };
const json = { "content-type": "application/json" };

/** A receive-only H.264 offer, as a browser's WHEP client sends (ICE never completes here). */
const OFFER = [
  "v=0",
  "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0",
  "m=video 9 UDP/TLS/RTP/SAVPF 96",
  "c=IN IP4 0.0.0.0",
  "a=rtcp:9 IN IP4 0.0.0.0",
  "a=ice-ufrag:Mq3f",
  "a=ice-pwd:8cR0nYtS5xQ2bW7hL1kP9dVz",
  "a=ice-options:trickle",
  `a=fingerprint:sha-256 ${
    Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, "0").toUpperCase()).join(":")
  }`,
  "a=setup:actpass",
  "a=mid:0",
  "a=recvonly",
  "a=rtcp-mux",
  "a=rtpmap:96 H264/90000",
  "a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
  "",
].join("\r\n");

Deno.test("WHEP and LL-HLS play through the edge's media proxy", opts, async (t) => {
  const platform = await startLivePlatform(OFFSET);
  let live: Deno.ChildProcess | undefined;
  try {
    const { base } = platform;
    const creator = await seedPublishedProduct(base);
    const { stream, ingest } = await scheduleStream(base, {
      token: creator.token,
      title: "Through the edge",
    });
    live = push(rtmpUrl(OFFSET, { id: stream.id, key: ingest.key }));
    await eventually(
      async () =>
        (await (await fetch(`${base}/api/streams/${stream.id}`)).json()).status === "live",
      30_000,
      "stream live",
    );
    const playback = await (await fetch(`${base}/api/streams/${stream.id}/playback`, {
      method: "POST",
      headers: json,
      body: "{}",
    })).json();

    await t.step("WHEP: an SDP answer and the session on the edge", async () => {
      assert.ok(playback.whepUrl.startsWith(`/media/webrtc/live/${stream.id}/whep?token=`));
      const res = await fetch(`${base}${playback.whepUrl}`, {
        method: "POST",
        headers: { "content-type": "application/sdp" },
        body: OFFER,
      });
      const answer = await res.text();
      assert.equal(res.status, 201, answer);
      assert.equal(res.headers.get("content-type"), "application/sdp");
      assert.match(answer, /^v=0/);
      assert.match(answer, /a=rtpmap:96 H264\/90000/);
      const location = res.headers.get("location") ?? "";
      assert.match(location, new RegExp(`^/media/webrtc/live/${stream.id}/whep/[0-9a-f-]{36}`));
      const ended = await fetch(`${base}${location}`, { method: "DELETE" });
      await ended.body?.cancel();
      assert.equal(ended.status, 200);
    });

    await t.step("WHEP without a token is refused by the media server", async () => {
      const res = await fetch(`${base}/media/webrtc/live/${stream.id}/whep`, {
        method: "POST",
        headers: { "content-type": "application/sdp" },
        body: OFFER,
      });
      await res.body?.cancel();
      assert.equal(res.status, 401);
    });

    await t.step("an oversized SDP is a 413 problem", async () => {
      const res = await fetch(`${base}${playback.whepUrl}`, {
        method: "POST",
        headers: { "content-type": "application/sdp" },
        body: OFFER + "a=x\r\n".repeat(20_000),
      });
      assert.equal(res.status, 413);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      await res.body?.cancel();
    });

    await t.step(
      "LL-HLS through the edge: parts, revalidated playlists, immutable parts",
      async () => {
        assert.ok(playback.hlsUrl.startsWith(`/media/hls/live/${stream.id}/index.m3u8?token=`));
        let media: MediaPlaylist = { status: 0, url: "", text: "" };
        await eventually(
          async () => {
            media = await mediaPlaylist(`${base}${playback.hlsUrl}`);
            if (media.status !== 200) return false;
            assert.equal(media.multivariantHeaders?.get("cache-control"), "no-cache");
            return media.text.includes("#EXT-X-PART:");
          },
          30_000,
          "LL-HLS parts through the edge",
        );
        const part = /#EXT-X-PART:[^\n]*URI="([^"]+)"/.exec(media.text)?.[1];
        assert.ok(part, media.text);
        const res = await fetch(new URL(part, media.url));
        await res.body?.cancel();
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
        // A blocking reload for the next media sequence number waits at the edge, then answers.
        const msn = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(media.text)?.[1]);
        const segments = media.text.split("\n").filter((l) => l.startsWith("#EXTINF")).length;
        const next = new URL(media.url);
        next.searchParams.set("_HLS_msn", String(msn + segments));
        next.searchParams.set("_HLS_part", "0");
        const blocked = await fetch(next);
        const text = await blocked.text();
        assert.equal(blocked.status, 200, text);
        assert.match(text, /#EXT-X-PART:/);
      },
    );
  } finally {
    await stopPushes([live]);
    await platform.stop();
  }
});
