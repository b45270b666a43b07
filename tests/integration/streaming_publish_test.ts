/**
 * Publishing from the studio on the real servers: a creator gets a short-lived publish token
 * for their own stream (others' streams are 404, over ones 409), and the media server's auth
 * endpoint lets that token publish while a playback token, another stream's publish token or
 * an expired one are refused and counted. A creator ends a live stream at once.
 */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { createTicketSigner } from "@marquee/auth";
import { seedPublishedProduct } from "@marquee/testing";
import {
  devEnv,
  mediaAuthRefusals,
  mediaHook,
  mediaServerAuthorization,
  scheduleStream,
  serviceOrigin,
  startLivePlatform,
} from "./fixtures/live.ts";

const OFFSET = 11200;
const opts = { sanitizeOps: false, sanitizeResources: false };
const json = { "content-type": "application/json" };
const streamingOrigin = serviceOrigin("streaming", OFFSET);

Deno.test(
  "a studio publish token publishes only its own stream, and only while fresh",
  opts,
  async (t) => {
    const platform = await startLivePlatform(OFFSET, { media: false });
    try {
      const { base } = platform;
      const creator = await seedPublishedProduct(base);
      const other = await seedPublishedProduct(base);
      const bearer = (token: string) => ({ ...json, authorization: `Bearer ${token}` });
      const post = (path: string, headers: Record<string, string>, body: unknown = {}) =>
        fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
      const schedule = async (token: string, title: string) =>
        (await scheduleStream(base, { token, title })).stream.id;
      const mine = await schedule(creator.token, "Studio session");
      const theirs = await schedule(other.token, "Someone else's");
      const publishToken = async (id: string, token = creator.token) => {
        const res = await post(`/api/streams/${id}/publish-token`, bearer(token));
        assert.equal(res.status, 200, await res.clone().text());
        assert.equal(res.headers.get("cache-control"), "no-store");
        return await res.json() as { token: string; whipUrl: string; expiresAt: string };
      };
      const auth = (id: string, query: string, action = "publish") =>
        fetch(`${streamingOrigin}/internal/media/auth`, {
          method: "POST",
          headers: { ...json, authorization: mediaServerAuthorization() },
          body: JSON.stringify({ action, path: `live/${id}`, protocol: "webrtc", query }),
        }).then(async (res) => {
          await res.body?.cancel();
          return res.status;
        });

      await t.step("the creator gets a token and the edge's WHIP URL", async () => {
        const got = await publishToken(mine);
        assert.equal(
          got.whipUrl,
          `/media/webrtc/live/${mine}/whip?token=${encodeURIComponent(got.token)}`,
        );
        assert.ok(Date.parse(got.expiresAt) > Date.now());
      });

      await t.step("another creator's stream, a viewer or no one: refused", async () => {
        const res = await post(`/api/streams/${theirs}/publish-token`, bearer(creator.token));
        assert.equal(res.status, 404, "never says the stream exists");
        assert.equal(res.headers.get("content-type"), "application/problem+json");
        await res.body?.cancel();
        const anonymous = await post(`/api/streams/${mine}/publish-token`, json);
        assert.equal(anonymous.status, 401);
        await anonymous.body?.cancel();
        const bad = await post(`/api/streams/not-a-uuid/publish-token`, bearer(creator.token));
        assert.equal(bad.status, 422);
        await bad.body?.cancel();
      });

      await t.step("the media server lets the token publish, and nothing else", async () => {
        const { token } = await publishToken(mine);
        assert.equal(await auth(mine, `token=${encodeURIComponent(token)}`), 204, "publish");
        assert.equal(
          await auth(mine, `token=${token}`, "read"),
          401,
          "a publish token never plays",
        );
        const playback = await (await post(`/api/streams/${mine}/playback`, json)).json();
        assert.equal(await auth(mine, `token=${playback.token}`), 401, "a playback token");
        const foreign = await publishToken(theirs, other.token);
        assert.equal(await auth(mine, `token=${foreign.token}`), 401, "another stream's token");
        const signer = createTicketSigner({
          secret: devEnv.STREAM_TICKET_SECRET!,
          issuer: "streaming",
          ttlSec: 60,
        });
        const expired = await signer.issue(
          decodeJwt(creator.token).sub!,
          `publish:${mine}`,
          new Date(Date.now() - 3_600_000),
        );
        assert.equal(await auth(mine, `token=${expired.ticket}`), 401, "expired");
        const refused = await mediaAuthRefusals(streamingOrigin, {
          reason: "bad_token",
          action: "publish",
        });
        assert.equal(refused, 3, "the refusals are counted");
      });

      await t.step(
        "the creator ends a live stream at once; an over one gets no token",
        async () => {
          const early = await post(`/api/streams/${mine}/end`, bearer(creator.token));
          assert.equal(early.status, 409, "a scheduled stream is cancelled, not ended");
          await early.body?.cancel();
          const hook = await mediaHook(streamingOrigin, `available?path=live/${mine}`);
          assert.equal(hook.status, 204);
          const foreign = await post(`/api/streams/${mine}/end`, bearer(other.token));
          assert.equal(foreign.status, 404);
          await foreign.body?.cancel();
          const res = await post(`/api/streams/${mine}/end`, bearer(creator.token));
          assert.equal(res.status, 200);
          assert.equal((await res.json()).status, "ended");
          const late = await post(`/api/streams/${mine}/publish-token`, bearer(creator.token));
          assert.equal(late.status, 409);
          await late.body?.cancel();
        },
      );
    } finally {
      await platform.stop();
    }
  },
);
