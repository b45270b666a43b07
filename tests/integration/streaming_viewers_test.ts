/**
 * Viewers, live updates, health, reconciliation and takedown on the real servers and a real
 * MediaMTX under the platform runner: ffmpeg's test source pushed over RTMP makes a stream
 * live; two viewers' presence beats show as 2 viewers on the stream's Server-Sent Events read
 * through the edge; the creator's health shows the ingest bitrate (another user gets a 404);
 * a stream put back to scheduled behind the service's back (as a lost hook would leave it) is
 * brought live by the media reconciler; an admin's takedown ends the stream, kicks ffmpeg,
 * and its old key is refused afterwards; bad bodies get problem+json 422s.
 */
import assert from "node:assert/strict";
import { createPool } from "@marquee/db";
import { eventually, seedPublishedProduct } from "@marquee/testing";
import {
  devEnv,
  exitWithin,
  mediaAuthRefusals,
  push,
  rtmpUrl,
  scheduleStream,
  serviceOrigin,
  sseEvents,
  startLivePlatform,
  stopPushes,
} from "./fixtures/live.ts";

const OFFSET = 11400;
const opts = { sanitizeOps: false, sanitizeResources: false };
const json = { "content-type": "application/json" };
const streamingOrigin = serviceOrigin("streaming", OFFSET);

Deno.test(
  "viewers are counted and sent live, health reads the media server, lost hooks are put " +
    "right, and an admin's takedown ends a stream and kicks its publisher",
  opts,
  async (t) => {
    const platform = await startLivePlatform(OFFSET, {
      env: { MEDIA_RECONCILE_INTERVAL_MS: "1000", STREAM_RECONNECT_GRACE_SEC: "5" },
    });
    const db = createPool("postgres://streaming:streaming@127.0.0.1:5433/streaming", { max: 1 });
    const pushes: Deno.ChildProcess[] = [];
    let events: ReturnType<typeof sseEvents> | undefined;
    try {
      const { base } = platform;
      const creator = await seedPublishedProduct(base);
      const other = await seedPublishedProduct(base);
      const bearer = (token: string) => ({ ...json, authorization: `Bearer ${token}` });
      const post = (path: string, body: unknown, headers: Record<string, string> = json) =>
        fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
      const login = await post("/api/auth/login", {
        email: devEnv.ADMIN_EMAIL,
        password: devEnv.ADMIN_PASSWORD,
      });
      assert.equal(login.status, 200);
      const admin = (await login.json()).accessToken as string;
      const create = (title: string) => scheduleStream(base, { token: creator.token, title });
      const { stream, ingest } = await create("Viewers, health and takedown");
      const idle = (await create("Not started")).stream;
      const rtmp = (key: string) => rtmpUrl(OFFSET, { id: stream.id, key });
      const direct = async (id: string) =>
        await (await fetch(`${streamingOrigin}/api/streams/${id}`)).json();

      await t.step("bad bodies and states get problem+json answers", async () => {
        // A made-up viewer is not counted: presence needs the token of a playback answer.
        for (const body of [{ viewerId: crypto.randomUUID() }, { token: "forged" }]) {
          const bad = await post(`/api/streams/${stream.id}/presence`, body);
          assert.equal(bad.status, 422);
          assert.equal(bad.headers.get("content-type"), "application/problem+json");
          const problem = await bad.json();
          assert.ok(problem.errors.some((e: { field: string }) => e.field === "body.token"));
        }
        const idleToken = (await (await post(`/api/streams/${idle.id}/playback`, {})).json())
          .presenceToken;
        assert.equal(typeof idleToken, "string");
        const otherStream = await post(`/api/streams/${stream.id}/presence`, { token: idleToken });
        assert.equal(otherStream.status, 422, "another stream's presence token");
        await otherStream.body?.cancel();
        const missing = await post(`/api/streams/${crypto.randomUUID()}/presence`, {
          token: idleToken,
        });
        assert.equal(missing.status, 404);
        await missing.body?.cancel();
        const early = await post(`/api/streams/${idle.id}/presence`, { token: idleToken });
        assert.equal(early.status, 409, "a stream that is not on the air has no viewers");
        assert.equal(early.headers.get("content-type"), "application/problem+json");
        await early.body?.cancel();
        const blank = await post(
          `/api/admin/streams/${stream.id}/takedown`,
          { reason: " " },
          bearer(admin),
        );
        assert.equal(blank.status, 422);
        assert.ok(
          (await blank.json()).errors.some((e: { field: string }) => e.field === "body.reason"),
        );
        const notAdmin = await post(
          `/api/admin/streams/${stream.id}/takedown`,
          { reason: "Mine to end" },
          bearer(creator.token),
        );
        assert.equal(notAdmin.status, 403);
        assert.equal(notAdmin.headers.get("content-type"), "application/problem+json");
        await notAdmin.body?.cancel();
        const anonymous = await post(`/api/admin/streams/${stream.id}/takedown`, { reason: "x" });
        assert.equal(anonymous.status, 401);
        await anonymous.body?.cancel();
      });

      const live = push(rtmp(ingest.key));
      pushes.push(live);
      await eventually(async () => (await direct(stream.id)).status === "live", 30_000, "live");

      await t.step(
        "two viewers' beats show as 2 viewers on the events, through the edge",
        async () => {
          const res = await fetch(`${base}/api/streams/${stream.id}/events`, {
            headers: { accept: "text/event-stream" },
          });
          assert.equal(res.status, 200);
          assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
          events = sseEvents(res);
          const seen = (event: string, match: (data: Record<string, unknown>) => boolean) =>
            events!.events.some((e) =>
              e.event === event && match(e.data as Record<string, unknown>)
            );
          await eventually(() => seen("status", (d) => d.status === "live"), 5_000, "status");
          await eventually(() => seen("viewers", (d) => d.viewers === 0), 5_000, "no viewers");
          const beatAt = Date.now();
          // Two signed-out viewers, each let in by a playback answer.
          for (let i = 0; i < 2; i++) {
            const playback = await (await post(`/api/streams/${stream.id}/playback`, {})).json();
            const beat = await post(`/api/streams/${stream.id}/presence`, {
              token: playback.presenceToken,
            });
            assert.equal(beat.status, 204);
          }
          await eventually(
            () => seen("viewers", (d) => d.viewers === 2 && d.peakViewers === 2),
            5_000,
            "2 viewers on the event stream",
          );
          const arrived = events.events.find((e) =>
            e.event === "viewers" && (e.data as { viewers: number }).viewers === 2
          )!;
          console.log(`viewers event through the edge ${arrived.atMs - beatAt} ms after the beats`);
          const shown = await direct(stream.id);
          assert.deepEqual(
            [shown.viewers, shown.peakViewers, shown.totalViewers],
            [2, 2, 2],
            "the stream JSON counts them too",
          );
          const { items } = await (await fetch(`${streamingOrigin}/api/streams?status=live`))
            .json();
          assert.equal(items.find((s: { id: string }) => s.id === stream.id)?.viewers, 2);
        },
      );

      await t.step("health shows the ingest to the creator, and nothing to others", async () => {
        const health = async (token?: string) =>
          await fetch(`${base}/api/streams/${stream.id}/health`, {
            headers: token ? bearer(token) : {},
          });
        let body: Record<string, unknown> = {};
        await eventually(
          async () => {
            const res = await health(creator.token);
            assert.equal(res.status, 200);
            body = await res.json();
            return typeof body.bitrate === "number" && body.bitrate > 0;
          },
          10_000,
          "a bitrate",
        );
        assert.equal(body.onAir, true);
        assert.equal((body.publisher as { protocol: string }).protocol, "rtmp");
        const codecs = (body.tracks as { codec: string }[]).map((t) => t.codec);
        assert.ok(codecs.includes("H264"), codecs.join());
        console.log(`ingest bitrate ${Math.round((body.bitrate as number) / 1000)} kbit/s`);
        const foreign = await health(other.token);
        assert.equal(foreign.status, 404);
        await foreign.body?.cancel();
        const anonymous = await health();
        assert.equal(anonymous.status, 401);
        await anonymous.body?.cancel();
        const byAdmin = await health(admin);
        assert.equal(byAdmin.status, 200);
        await byAdmin.body?.cancel();
      });

      await t.step(
        "a stream the service lost track of is brought live by the reconciler",
        async () => {
          // What a lost `available` hook leaves: the publisher is on the air, the stream is not.
          await db`update streams set status = 'scheduled', started_at = null
          where id = ${stream.id}`;
          assert.equal((await direct(stream.id)).status, "scheduled");
          await eventually(
            async () => (await direct(stream.id)).status === "live",
            10_000,
            "live again",
          );
        },
      );

      await t.step("an admin's takedown ends the stream and kicks the publisher", async () => {
        const res = await post(
          `/api/admin/streams/${stream.id}/takedown`,
          { reason: "Broadcasting a match without the rights" },
          bearer(admin),
        );
        assert.equal(res.status, 200);
        const body = await res.json();
        assert.equal(body.stream.status, "ended");
        assert.equal(body.takedown.reason, "Broadcasting a match without the rights");
        assert.equal(body.publisherKicked, true);
        const status = await exitWithin(live, 15_000);
        assert.ok(status, "ffmpeg is disconnected and exits");
        await eventually(
          () =>
            events!.events.some((e) =>
              e.event === "status" && (e.data as { status: string }).status === "ended"
            ),
          5_000,
          "the end on the event stream",
        );
        await eventually(() => events!.closed(), 5_000, "the event stream closes");
        const [audit] = await db<{ adminId: string; reason: string }[]>`select admin_id, reason
          from stream_takedowns where stream_id = ${stream.id}`;
        assert.equal(audit?.reason, "Broadcasting a match without the rights");
        const again = await post(
          `/api/admin/streams/${stream.id}/takedown`,
          { reason: "Twice" },
          bearer(admin),
        );
        assert.equal(again.status, 200);
        assert.equal((await again.json()).takedown.reason, audit.reason, "the first one stands");
      });

      await t.step("the old key is refused after a takedown, and counted", async () => {
        const retry = push(rtmp(ingest.key));
        pushes.push(retry);
        const status = await exitWithin(retry, 20_000);
        assert.ok(status && !status.success, "the key is turned away");
        assert.equal((await direct(stream.id)).status, "ended");
        const takenDown = await mediaAuthRefusals(streamingOrigin, { reason: "taken_down" });
        assert.ok(takenDown > 0, "refusals by reason taken_down");
      });
    } finally {
      await stopPushes(pushes);
      await db.end();
      await platform.stop();
      await events?.done;
    }
  },
);
