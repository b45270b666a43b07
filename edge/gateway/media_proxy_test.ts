import assert from "node:assert/strict";
import { serveUpstream, startEdge } from "../_test_fixtures.ts";

const ID = "0b9a3a8e-7f5e-4c1f-9a55-3c2f1d0e9b11";
const SECRET = "5a3c1e2d-8b7f-4a6e-9c0d-1e2f3a4b5c6d";
const SDP = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\n";

/** A stand-in for MediaMTX's WebRTC and HLS servers. */
function mediaServer() {
  return serveUpstream((req) => {
    const url = new URL(req.url);
    if (req.method === "POST" && url.pathname.endsWith("/whep")) {
      return new Response(`answer for ${url.search}`, {
        status: 201,
        headers: {
          "content-type": "application/sdp",
          location: `${url.pathname}/${SECRET}${url.search}`,
          link: '<stun:stun.example:3478>; rel="ice-server"',
        },
      });
    }
    if (url.pathname.endsWith("index.m3u8") && !url.searchParams.has("cookieCheck")) {
      // MediaMTX first redirects a player to the same playlist with a marker in the query.
      return new Response(null, {
        status: 302,
        headers: { location: `${url.pathname}?cookieCheck=1&${url.searchParams}` },
      });
    }
    if (url.pathname.endsWith(".m3u8")) {
      return new Response('#EXTM3U\n#EXT-X-PART:DURATION=0.2,URI="p.mp4"\n', {
        headers: { "content-type": "application/vnd.apple.mpegurl" },
      });
    }
    return new Response("media", { status: url.pathname.includes("missing") ? 404 : 200 });
  });
}

Deno.test("WHEP through the edge: SDP in and out, the session's Location on the edge", async () => {
  await using media = mediaServer();
  await using edge = await startEdge({ MEDIA_WEBRTC_URL: media.url, MEDIA_HLS_URL: media.url });
  const res = await fetch(`${edge.url}/media/webrtc/live/${ID}/whep?token=abc`, {
    method: "POST",
    headers: { "content-type": "application/sdp" },
    body: SDP,
  });
  assert.equal(res.status, 201);
  assert.equal(await res.text(), "answer for ?token=abc");
  assert.equal(
    res.headers.get("location"),
    `/media/webrtc/live/${ID}/whep/${SECRET}?token=abc`,
  );
  assert.match(res.headers.get("link") ?? "", /ice-server/);
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.equal(media.seen[0]?.path, `/live/${ID}/whep?token=abc`);
  assert.equal(media.seen[0]?.body, SDP);

  const patch = await fetch(`${edge.url}${res.headers.get("location")}`, {
    method: "PATCH",
    headers: { "content-type": "application/trickle-ice-sdpfrag" },
    body: "a=candidate:1 1 UDP 1 127.0.0.1 9 typ host\r\n",
  });
  await patch.body?.cancel();
  const gone = await fetch(`${edge.url}/media/webrtc/live/${ID}/whep/${SECRET}`, {
    method: "DELETE",
  });
  await gone.body?.cancel();
  assert.deepEqual(
    media.seen.slice(1).map((s) => `${s.method} ${s.path}`),
    [`PATCH /live/${ID}/whep/${SECRET}?token=abc`, `DELETE /live/${ID}/whep/${SECRET}`],
  );
});

Deno.test("an SDP over 64 KiB is refused with a 413 problem, unsent", async () => {
  await using media = mediaServer();
  await using edge = await startEdge({ MEDIA_WEBRTC_URL: media.url, MEDIA_HLS_URL: media.url });
  const res = await fetch(`${edge.url}/media/webrtc/live/${ID}/whip?key=k`, {
    method: "POST",
    headers: { "content-type": "application/sdp" },
    body: "a".repeat(64 * 1024 + 1),
  });
  assert.equal(res.status, 413);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.match((await res.json()).detail, /65536 bytes/);
  assert.equal(media.seen.length, 0);
});

Deno.test("other paths and methods are not the media server's to answer", async () => {
  await using media = mediaServer();
  await using edge = await startEdge({ MEDIA_WEBRTC_URL: media.url, MEDIA_HLS_URL: media.url });
  const config = await fetch(`${edge.url}/media/webrtc/v3/config/global/get`);
  assert.equal(config.status, 404);
  assert.equal(config.headers.get("content-type"), "application/problem+json");
  await config.body?.cancel();
  const get = await fetch(`${edge.url}/media/webrtc/live/${ID}/whep`);
  assert.equal(get.status, 405);
  assert.equal(get.headers.get("allow"), "POST, OPTIONS");
  await get.body?.cancel();
  const put = await fetch(`${edge.url}/media/hls/live/${ID}/index.m3u8`, { method: "PUT" });
  assert.equal(put.status, 405);
  await put.body?.cancel();
  assert.equal(media.seen.length, 0);
});

Deno.test("LL-HLS: blocking reload parameters pass, playlists revalidate, media is immutable", async () => {
  await using media = mediaServer();
  await using edge = await startEdge({ MEDIA_WEBRTC_URL: media.url, MEDIA_HLS_URL: media.url });
  const query = "?_HLS_msn=12&_HLS_part=3&_HLS_skip=YES&token=t";
  const playlist = await fetch(`${edge.url}/media/hls/live/${ID}/video1_stream.m3u8${query}`);
  assert.equal(playlist.status, 200);
  assert.equal(playlist.headers.get("cache-control"), "no-cache");
  assert.match(await playlist.text(), /#EXT-X-PART:/);
  assert.equal(media.seen[0]?.path, `/live/${ID}/video1_stream.m3u8${query}`);
  const first = await fetch(`${edge.url}/media/hls/live/${ID}/index.m3u8?token=t`, {
    redirect: "manual",
  });
  assert.equal(first.status, 302);
  assert.equal(
    first.headers.get("location"),
    `/media/hls/live/${ID}/index.m3u8?cookieCheck=1&token=t`,
  );
  await first.body?.cancel();
  const part = await fetch(`${edge.url}/media/hls/live/${ID}/a_video1_part7.mp4?token=t`);
  assert.equal(part.headers.get("cache-control"), "public, max-age=31536000, immutable");
  await part.body?.cancel();
  const missing = await fetch(`${edge.url}/media/hls/live/${ID}/missing_seg1.mp4?token=t`);
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("cache-control"), "no-store");
  await missing.body?.cancel();
});
