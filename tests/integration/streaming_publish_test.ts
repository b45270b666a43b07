/**
 * Publishing from the studio on the real servers: a creator gets a short-lived publish token
 * for their own stream (others' streams are 404, over ones 409), and the media server's auth
 * endpoint lets that token publish while a playback token, another stream's publish token or
 * an expired one are refused and counted. A creator ends a live stream at once.
 */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { createTicketSigner } from "@marquee/auth";
import { eventually, seedPublishedProduct } from "@marquee/testing";
import { startJourneyPlatform } from "../e2e/_platform.ts";
import { parseEnv } from "../../infra/env_file.ts";
import { ROOT, SERVICES } from "../../infra/services.ts";

const OFFSET = 11200;
const opts = { sanitizeOps: false, sanitizeResources: false };
const json = { "content-type": "application/json" };
const devEnv = parseEnv(await Deno.readTextFile(`${ROOT}.env.example`));
const streamingOrigin = `http://127.0.0.1:${
  SERVICES.find((s) => s.name === "streaming")!.port + OFFSET
}`;
const mediaServer = {
  ...json,
  authorization: `Basic ${btoa(`mediamtx:${devEnv.INTERNAL_TOKEN}`)}`,
};

Deno.test(
  "a studio publish token publishes only its own stream, and only while fresh",
  opts,
  async (t) => {
    const platform = await startJourneyPlatform(OFFSET, { mode: "servers" });
    try {
      const { base } = platform;
      await eventually(
        async () => {
          const res = await fetch(`${base}/api/streams?status=live`);
          await res.body?.cancel();
          return res.ok;
        },
        60_000,
        "streaming ready",
      );
      const creator = await seedPublishedProduct(base);
      const other = await seedPublishedProduct(base);
      const bearer = (token: string) => ({ ...json, authorization: `Bearer ${token}` });
      const post = (path: string, headers: Record<string, string>, body: unknown = {}) =>
        fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
      const soon = new Date(Date.now() + 60_000).toISOString();
      const schedule = async (token: string, title: string) => {
        const res = await post("/api/streams", bearer(token), { title, scheduledStart: soon });
        assert.equal(res.status, 201);
        return (await res.json()).stream.id as string;
      };
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
          headers: mediaServer,
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
        const metrics = await (await fetch(`${streamingOrigin}/metrics`)).text();
        const refused = metrics.split("\n")
          .filter((line) =>
            line.startsWith("streaming_media_auth_refusals_total{") &&
            line.includes(`action="publish"`) && line.includes(`reason="bad_token"`)
          )
          .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
        assert.equal(refused, 3, "the refusals are counted");
      });

      await t.step(
        "the creator ends a live stream at once; an over one gets no token",
        async () => {
          const early = await post(`/api/streams/${mine}/end`, bearer(creator.token));
          assert.equal(early.status, 409, "a scheduled stream is cancelled, not ended");
          await early.body?.cancel();
          const hook = await fetch(
            `${streamingOrigin}/internal/media/hooks/available?path=live/${mine}`,
            { method: "POST", headers: mediaServer },
          );
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
