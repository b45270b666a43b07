/**
 * Live streaming end to end on the real servers (Postgres, Kafka) and a real MediaMTX under
 * the platform runner: a creator schedules a stream through the edge; ffmpeg's test source
 * pushed over RTMP with the stream's key makes it live and its LL-HLS playlist (reached with
 * a playback token) has parts; a wrong or rotated-out key, no token, another stream's token,
 * an expired or forged token are all refused at the media server and counted; a paid stream
 * tells a viewer what to buy; stopping the push ends the stream after the grace period.
 */
import assert from "node:assert/strict";
import { createTicketSigner } from "@marquee/auth";
import { eventually, seedPublishedProduct } from "@marquee/testing";
import {
  devEnv,
  exitWithin,
  hlsOrigin,
  mediaAuthRefusals,
  mediaPlaylist,
  push,
  rtmpUrl,
  scheduleStream,
  serviceOrigin,
  startLivePlatform,
  stopPushes,
} from "./fixtures/live.ts";

const OFFSET = 11000;
const GRACE_SEC = 3;
const opts = { sanitizeOps: false, sanitizeResources: false };
const json = { "content-type": "application/json" };
const streamingOrigin = serviceOrigin("streaming", OFFSET);

Deno.test(
  "a stream goes live over RTMP with its key, plays with a token, ends after the grace period",
  opts,
  async (t) => {
    const platform = await startLivePlatform(OFFSET, {
      env: { STREAM_RECONNECT_GRACE_SEC: String(GRACE_SEC) },
    });
    const pushes: Deno.ChildProcess[] = [];
    try {
      const { base } = platform;
      const creator = await seedPublishedProduct(base);
      const auth = { ...json, authorization: `Bearer ${creator.token}` };
      const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
        fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
      const soon = new Date(Date.now() + 60_000).toISOString();

      await t.step("bad input is a 422 naming the field", async () => {
        const res = await post("/api/streams", { title: " ", scheduledStart: soon });
        assert.equal(res.status, 422);
        const problem = await res.json();
        assert.ok(problem.errors.some((e: { field: string }) => e.field === "body.title"));
        const anonymous = await post("/api/streams", { title: "x", scheduledStart: soon }, json);
        assert.equal(anonymous.status, 401);
        await anonymous.body?.cancel();
      });

      const { stream, ingest } = await scheduleStream(base, {
        token: creator.token,
        title: "Patching a modular synth, live",
        scheduledStart: soon,
      });
      assert.equal(stream.status, "scheduled");
      assert.match(ingest.key, /^sk_/);
      const rtmp = (key: string) => rtmpUrl(OFFSET, { id: stream.id, key });
      assert.equal(ingest.rtmp.url, rtmp(ingest.key));
      const shown =
        await (await fetch(`${base}/api/streams/${stream.id}/ingest`, { headers: auth }))
          .json();
      assert.equal(shown.key, null, "the key is shown once");

      // A second stream, for its creator's token and for a paid one: owners of the product.
      const paid = (await scheduleStream(base, {
        token: creator.token,
        title: "For owners",
        scheduledStart: soon,
        access: { kind: "owners", productId: creator.id },
      })).stream;

      await t.step("a paid stream says what to buy", async () => {
        const anonymous = await post(`/api/streams/${paid.id}/playback`, {}, json);
        assert.equal(anonymous.status, 401);
        assert.equal((await anonymous.json()).productId, creator.id);
        const buyer = await seedPublishedProduct(base); // another creator: holds nothing here
        const res = await post(`/api/streams/${paid.id}/playback`, {}, {
          ...json,
          authorization: `Bearer ${buyer.token}`,
        });
        assert.equal(res.status, 403);
        assert.equal(res.headers.get("content-type"), "application/problem+json");
        assert.equal((await res.json()).productId, creator.id);
      });

      await t.step("a wrong key is refused by the media server", async () => {
        const wrong = push(rtmp("sk_not-the-key"));
        pushes.push(wrong);
        const status = await exitWithin(wrong, 20_000);
        assert.ok(status && !status.success, "ffmpeg is turned away");
        const res = await fetch(`${base}/api/streams/${stream.id}`);
        assert.equal((await res.json()).status, "scheduled");
      });

      const live = push(rtmp(ingest.key));
      pushes.push(live);
      const statusOf = async (id: string) =>
        (await (await fetch(`${streamingOrigin}/api/streams/${id}`)).json()).status;
      await eventually(async () => await statusOf(stream.id) === "live", 30_000, "stream live");

      await t.step("the live stream is listed", async () => {
        const res = await fetch(`${base}/api/streams?status=live`);
        const { items } = await res.json();
        assert.ok(items.some((s: { id: string }) => s.id === stream.id));
      });

      await t.step("with a playback token the LL-HLS playlist has parts", async () => {
        const res = await post(`/api/streams/${stream.id}/playback`, {}, json);
        assert.equal(res.status, 200);
        const playback = await res.json();
        assert.ok(playback.hlsUrl.startsWith(`/media/hls/live/${stream.id}/index.m3u8?token=`));
        assert.ok(playback.whepUrl.startsWith(`/media/webrtc/live/${stream.id}/whep?token=`));
        let last = { status: 0, text: "" };
        await eventually(
          async () => {
            last = await mediaPlaylist(`${base}${playback.hlsUrl}`);
            return last.status === 200 && last.text.includes("#EXT-X-PART:");
          },
          30_000,
          "LL-HLS parts",
        ).catch((error) => {
          throw new Error(`${error.message}: ${last.status} ${last.text.slice(0, 300)}`);
        });
      });

      await t.step("no token, another stream's, expired or forged tokens are refused", async () => {
        const index = `${hlsOrigin(OFFSET)}/live/${stream.id}/index.m3u8`;
        const none = await mediaPlaylist(index);
        assert.equal(none.status, 401, "no token");
        const other = await (await post(`/api/streams/${paid.id}/playback`, {})).json();
        assert.equal((await mediaPlaylist(`${index}?token=${other.token}`)).status, 401, "other");
        const signer = createTicketSigner({
          secret: devEnv.STREAM_TICKET_SECRET!,
          issuer: "streaming",
          ttlSec: 60,
        });
        const expired = await signer.issue(
          "viewer",
          `stream:${stream.id}`,
          new Date(Date.now() - 3_600_000),
        );
        assert.equal(
          (await mediaPlaylist(`${index}?token=${expired.ticket}`)).status,
          401,
          "expired",
        );
        const forger = createTicketSigner({ secret: "f".repeat(40), issuer: "streaming" });
        const forged = await forger.issue("viewer", `stream:${stream.id}`, new Date());
        assert.equal(
          (await mediaPlaylist(`${index}?token=${forged.ticket}`)).status,
          401,
          "forged",
        );
      });

      await t.step("a rotated key stops at once", async () => {
        const res = await post(`/api/streams/${stream.id}/key`, {});
        const rotated = await res.json();
        assert.notEqual(rotated.key, ingest.key);
        const old = push(rtmp(ingest.key));
        pushes.push(old);
        const status = await exitWithin(old, 20_000);
        assert.ok(status && !status.success, "the old key is turned away");
        assert.equal(await statusOf(stream.id), "live", "the running push is not disturbed");
      });

      await t.step("refusals are counted in /metrics", async () => {
        const refused = (reason: string) => mediaAuthRefusals(streamingOrigin, { reason });
        assert.equal(await refused("wrong_key"), 2, "the wrong key and the rotated-out one");
        assert.ok(await refused("no_token") >= 1, "no token");
        assert.ok(await refused("bad_token") >= 3, "another stream's, expired, forged");
      });

      await t.step("stopping the push ends the stream after the grace period", async () => {
        live.kill("SIGINT");
        await live.status;
        await eventually(
          async () => await statusOf(stream.id) === "reconnecting",
          15_000,
          "reconnecting",
        );
        const leftAt = Date.now();
        await eventually(async () => await statusOf(stream.id) === "ended", 20_000, "ended");
        assert.ok(Date.now() - leftAt >= (GRACE_SEC - 1) * 1000, "not before the grace period");
        const { items } = await (await fetch(`${streamingOrigin}/api/streams?status=live`)).json();
        assert.ok(!items.some((s: { id: string }) => s.id === stream.id));
      });
    } finally {
      await stopPushes(pushes);
      await platform.stop();
    }
  },
);
