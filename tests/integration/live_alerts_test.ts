/**
 * Followers and live alerts on the real servers (Postgres, Kafka, Mailpit) under the platform
 * runner: a viewer follows a creator; a buyer holds the product the stream is for; a follower
 * turned live alerts off. When the stream goes live (the media server's `available` hook),
 * the first two get "<creator> is live" in the app and by email, the third nothing; the same
 * event delivered again, or repeated under a new id, sends nothing twice. A stream scheduled
 * 14 minutes ahead gets one "starting soon" reminder.
 */
import assert from "node:assert/strict";
import { StreamStarted, TOPICS } from "@marquee/contracts";
import { createPool } from "@marquee/db";
import { createEvent, createKafkaBus } from "@marquee/events";
import { createLogger } from "@marquee/log";
import { answersOk, eventually, seedPublishedProduct } from "@marquee/testing";
import { journeyApi, startJourneyPlatform } from "../e2e/_platform.ts";
import { SERVICES } from "../../infra/services.ts";
import { mediaHook, scheduleStream, serviceOrigin, signUp } from "./fixtures/live.ts";

const OFFSET = 11500;
const MAILPIT = "http://127.0.0.1:8025";
const PASSWORD = "followers hear it first";
const opts = { sanitizeOps: false, sanitizeResources: false };
const streamingOrigin = serviceOrigin("streaming", OFFSET);

interface Notice {
  kind: string;
  title: string;
  data: { streamId?: string };
}

/** The subjects of the emails to `address` in Mailpit (other tests share it). */
async function mailTo(address: string): Promise<string[]> {
  const query = encodeURIComponent(`to:"${address}"`);
  const res = await fetch(`${MAILPIT}/api/v1/search?query=${query}`);
  const body = await res.json() as { messages: { Subject: string }[] };
  return body.messages.map((m) => m.Subject);
}

Deno.test("followers and ticket holders hear a stream is live, once", opts, async (t) => {
  const platform = await startJourneyPlatform(OFFSET, {
    mode: "servers",
    env: { REMINDER_INTERVAL_MS: "500" },
  });
  const bus = createKafkaBus({
    brokers: ["127.0.0.1:9092"],
    clientId: "live-alerts-test",
    logger: createLogger({ service: "live-alerts-test", level: "error" }),
  });
  const db = (name: string) =>
    createPool(`postgres://${name}:${name}@127.0.0.1:5433/${name}`, { max: 1 });
  const streamingDb = db("streaming");
  const notificationsDb = db("notifications");
  try {
    const { base } = platform;
    const api = journeyApi(base);
    for (const { name, port } of SERVICES) {
      await eventually(
        () => answersOk(`http://127.0.0.1:${port + OFFSET}/health/ready`),
        120_000,
        `${name} ready`,
      );
    }
    const tag = crypto.randomUUID().slice(0, 8);
    const creator = await seedPublishedProduct(base, {
      title: `Live alerts pass ${tag}`,
      price: { amount: 0, currency: "USD" },
    });
    const creatorId = (await api("/api/me", { token: creator.token })).body.id as string;

    const account = async (name: string) => {
      const email = `alerts-${name}-${tag}@example.com`;
      const token = await signUp(base, { email, password: PASSWORD, displayName: name });
      return { email, token };
    };
    const viewer = await account("Vera");
    const holder = await account("Hugo");
    const muted = await account("Mona");
    const inbox = async (token: string, kind: string) => {
      const res = await api("/api/notifications?limit=50", { token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.items as Notice[]).filter((n) => n.kind === kind);
    };

    await t.step("following: idempotent, counted, never oneself, bad ids refused", async () => {
      const path = `/api/creators/${creatorId}`;
      assert.deepEqual((await api(`${path}/followers`)).body, { followers: 0, following: false });
      for (let i = 0; i < 2; i++) {
        const put = await api(`${path}/follow`, { method: "PUT", token: viewer.token });
        assert.equal(put.status, 200, JSON.stringify(put.body));
        assert.deepEqual(put.body, { followers: 1, following: true });
      }
      const seen = await api(`${path}/followers`, { token: viewer.token });
      assert.deepEqual(seen.body, { followers: 1, following: true });
      const self = await api(`${path}/follow`, { method: "PUT", token: creator.token });
      assert.equal(self.status, 422);
      assert.ok(self.body.errors.some((e: { field: string }) => e.field === "path.creatorId"));
      const anonymous = await api(`${path}/follow`, { method: "PUT" });
      assert.equal(anonymous.status, 401);
      const bad = await api(`/api/creators/not-a-uuid/follow`, {
        method: "PUT",
        token: viewer.token,
      });
      assert.equal(bad.status, 422);
      // The muted follower follows, then unfollows and follows again: one row.
      for (const method of ["PUT", "DELETE", "DELETE", "PUT"]) {
        const res = await api(`${path}/follow`, { method, token: muted.token });
        assert.equal(res.status, 200);
      }
      assert.deepEqual((await api(`${path}/followers`)).body, { followers: 2, following: false });
      const prefs = await api("/api/notifications/preferences", {
        method: "PATCH",
        token: muted.token,
        body: { email: { liveAlerts: false }, inApp: { liveAlerts: false } },
      });
      assert.equal(prefs.status, 200, JSON.stringify(prefs.body));
      assert.equal(prefs.body.email.liveAlerts, false);
      assert.equal(prefs.body.email.receipts, true);
    });

    await t.step("the holder gets the product through checkout", async () => {
      const res = await fetch(`${base}/api/orders`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${holder.token}`,
          "idempotency-key": crypto.randomUUID(),
        },
        body: JSON.stringify({ items: [{ productId: creator.id, quantity: 1 }] }),
      });
      assert.equal(res.status, 202, await res.clone().text());
      const { id } = await res.json();
      await eventually(
        async () =>
          (await api(`/api/orders/${id}`, { token: holder.token })).body.status === "COMPLETED",
        60_000,
        "order completed",
      );
    });

    const title = `Patch night ${tag}`;
    const streamId = (await scheduleStream(base, {
      token: creator.token,
      title,
      scheduledStart: new Date(Date.now() + 3_600_000).toISOString(),
      access: { kind: "owners", productId: creator.id },
    })).stream.id;
    const subject = `Seed Creator is live: ${title}`;
    // The notifications service learns names and addresses from the users' events; after a busy
    // bus (another test restarts Kafka) that can lag, so wait until it knows all four.
    const userIds = await Promise.all(
      [creator, viewer, holder, muted].map(async (u) =>
        (await api("/api/me", { token: u.token })).body.id as string
      ),
    );
    await eventually(
      async () =>
        (await notificationsDb`select 1 from recipients where user_id = any(${userIds})`)
          .length === userIds.length,
      60_000,
      "the notifications service knows the creator and the audience",
    );

    await t.step("going live alerts the follower and the holder, not the muted one", async () => {
      const hook = await mediaHook(streamingOrigin, `available?path=live/${streamId}`);
      assert.ok(hook.ok, await hook.text());
      for (const user of [viewer, holder]) {
        await eventually(
          async () => (await inbox(user.token, "live")).length === 1,
          60_000,
          `in-app alert for ${user.email}`,
        );
        const [notice] = await inbox(user.token, "live");
        assert.equal(notice!.title, subject);
        assert.equal(notice!.data.streamId, streamId);
        await eventually(
          async () => (await mailTo(user.email)).includes(subject),
          60_000,
          `email to ${user.email}`,
        );
      }
      assert.deepEqual(await inbox(muted.token, "live"), []);
      // Sent in the same batch as the others' had it been queued; the welcome mail aside.
      assert.deepEqual((await mailTo(muted.email)).filter((s) => s.includes(title)), []);
    });

    await t.step("the event delivered again, or repeated, sends nothing twice", async () => {
      const [row] = await streamingDb<{ envelope: Record<string, unknown> }[]>`
        select envelope from outbox where type = 'stream.started' and key = ${streamId}`;
      assert.ok(row, "the outbox holds stream.started");
      const original = JSON.stringify(row.envelope);
      const repeated = createEvent(StreamStarted, (row.envelope as { data: never }).data, {
        source: "/marquee/streaming",
      });
      await bus.publish([original, JSON.stringify(repeated)].map((value) => ({
        topic: TOPICS.streams,
        key: streamId,
        value,
        headers: {},
      })));
      // Both share the stream's partition, so once the second is handled the first was too.
      await eventually(
        async () =>
          (await notificationsDb`select 1 from inbox where event_id = ${repeated.id}`).length ===
            1,
        60_000,
        "the repeated event handled",
      );
      for (const user of [viewer, holder]) {
        assert.equal((await inbox(user.token, "live")).length, 1, user.email);
        const mails = await mailTo(user.email);
        assert.equal(mails.filter((s) => s === subject).length, 1, user.email);
      }
    });

    await t.step("a stream 14 minutes ahead gets one reminder", async () => {
      const soonTitle = `Q and A ${tag}`;
      const soon = await scheduleStream(base, {
        token: creator.token,
        title: soonTitle,
        scheduledStart: new Date(Date.now() + 14 * 60_000).toISOString(),
      });
      const reminder = `Starting in 14 minutes: ${soonTitle}`;
      await eventually(
        async () => (await mailTo(viewer.email)).includes(reminder),
        60_000,
        "reminder email",
      );
      // Several more runs of the job pass; still one reminder, and none for the muted one.
      await new Promise((r) => setTimeout(r, 3000));
      const mails = await mailTo(viewer.email);
      assert.equal(mails.filter((s) => s === reminder).length, 1);
      const notices = (await inbox(viewer.token, "starting_soon"))
        .filter((n) => n.data.streamId === soon.stream.id);
      assert.equal(notices.length, 1);
      assert.deepEqual(await inbox(muted.token, "starting_soon"), []);
      assert.deepEqual((await mailTo(muted.email)).filter((s) => s.includes(soonTitle)), []);
      const [stamped] = await streamingDb<{ remindedAt: Date | null }[]>`
        select reminded_at from streams where id = ${soon.stream.id}`;
      assert.ok(stamped?.remindedAt, "the stream is stamped reminded");
    });
  } finally {
    await streamingDb.end();
    await notificationsDb.end();
    await bus.close();
    await platform.stop();
  }
});
