/**
 * Replays and live thumbnails end to end on the real servers (Postgres, Kafka, MinIO) and a
 * real MediaMTX recording under the platform runner: ffmpeg's test source pushed over RTMP
 * for a few seconds gets a listing thumbnail while live; once the push stops and the grace
 * period runs out, the recording becomes a replay within seconds: a VOD playlist fetched
 * through the edge with a playback token (minted under the live's access rule), whose
 * segments download from MinIO, a poster, and `stream.replay_ready` relayed from the outbox.
 */
import assert from "node:assert/strict";
import { createPool } from "@marquee/db";
import { eventually, seedPublishedProduct } from "@marquee/testing";
import {
  mediaHook,
  push,
  rtmpUrl,
  scheduleStream,
  serviceOrigin,
  startLivePlatform,
  stopPushes,
} from "./fixtures/live.ts";

const OFFSET = 11300;
const GRACE_SEC = 2;
const PUSH_SEC = 6;
const opts = { sanitizeOps: false, sanitizeResources: false };
const json = { "content-type": "application/json" };
const streamingOrigin = serviceOrigin("streaming", OFFSET);

/** Fetches `url` whole, following redirects; the status, type and size. */
async function download(url: string) {
  const res = await fetch(url);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get("content-type"), size: bytes.byteLength };
}

Deno.test(
  "a stream's recording becomes a replay seconds after it ends, with a thumbnail while live",
  opts,
  async (t) => {
    const platform = await startLivePlatform(OFFSET, {
      env: { STREAM_RECONNECT_GRACE_SEC: String(GRACE_SEC), MARQUEE_SEED: "off" },
    });
    const db = createPool("postgres://streaming:streaming@127.0.0.1:5433/streaming");
    let live: Deno.ChildProcess | undefined;
    try {
      const { base } = platform;
      const creator = await seedPublishedProduct(base);
      const auth = { ...json, authorization: `Bearer ${creator.token}` };
      const post = (path: string, headers: Record<string, string>, body: unknown = {}) =>
        fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
      // For owners of the creator's product: the replay keeps the live's rule.
      const { stream, ingest } = await scheduleStream(base, {
        token: creator.token,
        title: "Recorded for later",
        access: { kind: "owners", productId: creator.id },
      });
      const read = async () => await (await fetch(`${base}/api/streams/${stream.id}`)).json();
      assert.equal((await read()).thumbnailUrl, null);
      assert.equal((await read()).replay, null);

      await t.step(
        "a segment hook naming a file outside the stream's folder is a 422",
        async () => {
          const hook = (file: string, password?: string) =>
            mediaHook(streamingOrigin, `segment?path=live/${stream.id}&file=${file}`, {
              password,
            });
          const bad = await hook("/etc/passwd");
          assert.equal(bad.status, 422);
          assert.equal(bad.headers.get("content-type"), "application/problem+json");
          const problem = await bad.json();
          assert.ok(problem.errors.some((e: { field: string }) => e.field === "query.file"));
          const wrong = await hook("/etc/passwd", "not-the-internal-token");
          assert.equal(wrong.status, 401);
          await wrong.body?.cancel();
          const image = await fetch(`${base}/api/streams/${stream.id}/thumbnail.jpg`);
          assert.equal(image.status, 404, "no image before the first frame");
          await image.body?.cancel();
        },
      );

      live = push(rtmpUrl(OFFSET, { id: stream.id, key: ingest.key }));
      const pushedAt = Date.now();
      await eventually(async () => (await read()).status === "live", 30_000, "stream live");

      await t.step("a thumbnail appears while live, an image in MinIO", async () => {
        let thumbnailUrl: string | null = null;
        await eventually(
          async () => (thumbnailUrl = (await read()).thumbnailUrl) !== null,
          20_000,
          "thumbnail",
        );
        assert.match(
          thumbnailUrl!,
          new RegExp(`^/api/streams/${stream.id}/thumbnail\\.jpg\\?v=\\d+$`),
        );
        assert.equal((await read()).status, "live", "taken while live");
        const image = await download(`${base}${thumbnailUrl}`);
        assert.equal(image.status, 200);
        assert.equal(image.type, "image/jpeg");
        assert.ok(image.size > 1000);
      });

      const left = Math.max(0, PUSH_SEC * 1000 - (Date.now() - pushedAt));
      await new Promise((r) => setTimeout(r, left));
      live.kill("SIGINT");
      await live.status;
      live = undefined;

      let endedAt = 0;
      await t.step("after the grace period the replay becomes ready within seconds", async () => {
        await eventually(async () => (await read()).status === "ended", 20_000, "ended");
        endedAt = Date.parse((await read()).endedAt);
        await eventually(async () => (await read()).replay?.status === "ready", 30_000, "ready");
        const [event] = await db<{ time: string; publishedAt: Date | null }[]>`
          select envelope->>'time' as time, published_at from outbox
          where type = 'stream.replay_ready' and key = ${stream.id}`;
        assert.ok(event, "stream.replay_ready is in the outbox");
        const seconds = (Date.parse(event.time) - endedAt) / 1000;
        console.log(`Replay ready ${seconds.toFixed(2)} s after the stream ended`);
        assert.ok(seconds < 15, `ready in ${seconds} s`);
        await eventually(
          async () =>
            (await db`select 1 from outbox where type = 'stream.replay_ready'
              and key = ${stream.id} and published_at is not null`).length === 1,
          15_000,
          "relayed to Kafka",
        );
        const view = await read();
        assert.match(view.replay.posterUrl, new RegExp(`^/api/streams/${stream.id}/poster\\.jpg`));
        assert.equal(view.thumbnailUrl, view.replay.posterUrl, "the poster is the listing image");
        const poster = await download(`${base}${view.replay.posterUrl}`);
        assert.equal(poster.status, 200);
        assert.equal(poster.type, "image/jpeg");
      });

      await t.step(
        "the replay plays under the live's rule; its segments come from MinIO",
        async () => {
          const anonymous = await post(`/api/streams/${stream.id}/playback`, json);
          assert.equal(anonymous.status, 401);
          assert.equal((await anonymous.json()).productId, creator.id);
          const stranger = await seedPublishedProduct(base);
          const refused = await post(`/api/streams/${stream.id}/playback`, {
            ...json,
            authorization: `Bearer ${stranger.token}`,
          });
          assert.equal(refused.status, 403);
          await refused.body?.cancel();

          const res = await post(`/api/streams/${stream.id}/playback`, auth);
          assert.equal(res.status, 200);
          const playback = await res.json();
          assert.equal(playback.whepUrl, null);
          assert.equal(playback.hlsUrl, null);
          assert.match(
            playback.replayUrl,
            new RegExp(`^/api/streams/${stream.id}/replay\\.m3u8\\?token=`),
          );
          const playlist = await fetch(`${base}${playback.replayUrl}`);
          assert.equal(playlist.status, 200);
          assert.equal(playlist.headers.get("content-type"), "application/vnd.apple.mpegurl");
          const text = await playlist.text();
          assert.match(text, /^#EXT-X-PLAYLIST-TYPE:VOD$/m);
          assert.match(text, /^#EXT-X-ENDLIST$/m);
          const total = [...text.matchAll(/^#EXTINF:([\d.]+)/gm)]
            .reduce((sum, [, s]) => sum + Number(s), 0);
          assert.ok(total >= PUSH_SEC - 2, `${total} s of ${PUSH_SEC} s pushed`);
          const init = /URI="([^"]+)"/.exec(text)![1]!;
          const segments = text.split("\n").filter((l) => l.startsWith("http"));
          assert.ok(segments.length >= 1);
          for (const url of [init, ...segments]) {
            assert.ok(url.startsWith("http://127.0.0.1:9000/"), url);
            const file = await download(url);
            assert.equal(file.status, 200, url);
            assert.ok(file.size > 0);
          }
        },
      );

      await t.step("a viewer without a token, or with a bad one, gets no playlist", async () => {
        const none = await fetch(`${base}/api/streams/${stream.id}/replay.m3u8`);
        assert.equal(none.status, 401);
        assert.equal(none.headers.get("content-type"), "application/problem+json");
        await none.body?.cancel();
        const forged = await fetch(`${base}/api/streams/${stream.id}/replay.m3u8?token=x.y.z`);
        assert.equal(forged.status, 401);
        await forged.body?.cancel();
      });
    } finally {
      await stopPushes([live]);
      await db.end();
      await platform.stop();
    }
  },
);
