/**
 * The notifications service end to end on each bus: events published on the bus are
 * consumed into a fresh database (real Postgres when MARQUEE_TEST_POSTGRES_URL is set,
 * PGlite otherwise), emails are queued and sent (to Mailpit when MARQUEE_TEST_SMTP_URL and
 * MARQUEE_TEST_MAILPIT_URL are set, to the in-memory outbox folder otherwise), and the
 * HTTP API (list, read marks, preferences, live stream) is served over real HTTP with
 * tokens signed by a key set made here.
 */
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { loadConfig } from "@marquee/config";
import {
  OrderCancelled,
  OrderCompleted,
  PaymentRefunded,
  UserRegistered,
} from "@marquee/contracts";
import {
  createEvent,
  deadLetterTopic,
  type Envelope,
  type EventBus,
  type EventDef,
  startConsumer,
} from "@marquee/events";
import { createPool } from "@marquee/db";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { busTargets, eventually, testDatabase } from "@marquee/testing";
import type { z } from "zod";
import {
  createNotificationsApp,
  NOTIFICATIONS_MIGRATIONS,
} from "../../services/notifications/app.ts";
import { NotificationsEnv } from "../../services/notifications/config.ts";
import type { MemoryMailer } from "../../services/notifications/mail/memory_mailer.ts";
import { CONSUMED_TOPICS } from "../../services/notifications/service.ts";

const ISSUER = "http://localhost:8000";
const SMTP_URL = Deno.env.get("MARQUEE_TEST_SMTP_URL");
const MAILPIT_URL = Deno.env.get("MARQUEE_TEST_MAILPIT_URL");
const USE_SMTP = Boolean(SMTP_URL && MAILPIT_URL);
const EVIL_TITLE = `<script>alert("x")</script> Synthesis`;

const logger = createLogger({ service: "notifications", level: "error", sink: () => {} });
const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
const jwks = { keys: [{ ...await exportJWK(publicKey), kid: "k1", alg: "EdDSA", use: "sig" }] };

function token(sub: string): Promise<string> {
  return new SignJWT({ sub, roles: ["buyer"] })
    .setProtectedHeader({ alg: "EdDSA", kid: "k1" })
    .setIssuer(ISSUER)
    .setAudience("marquee")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(privateKey);
}

/** A buyer with a unique address, so Mailpit searches find only this run's mail. */
async function buyer(label: string) {
  const id = crypto.randomUUID();
  return {
    id,
    email: `${label}-${id.slice(0, 8)}@example.com`,
    token: await token(id),
  };
}
type Buyer = Awaited<ReturnType<typeof buyer>>;

const SOURCE = { source: "/marquee/test" };
const usd = (amount: number) => ({ amount, currency: "USD" });

function registered(b: Buyer, displayName = "Ada Buyer") {
  return createEvent(UserRegistered, {
    userId: b.id,
    email: b.email,
    displayName,
    roles: ["buyer"],
    registeredAt: new Date().toISOString(),
  }, SOURCE);
}

function completed(b: Buyer, title = "Synthesis from first principles") {
  return createEvent(OrderCompleted, {
    orderId: crypto.randomUUID(),
    buyerId: b.id,
    lines: [{
      productId: crypto.randomUUID(),
      title,
      type: "course",
      creatorId: crypto.randomUUID(),
      quantity: 1,
      unitPrice: usd(4900),
    }],
    total: usd(4900),
    paymentId: "pi_123",
    completedAt: new Date().toISOString(),
  }, SOURCE);
}

function cancelled(b: Buyer) {
  return createEvent(OrderCancelled, {
    orderId: crypto.randomUUID(),
    buyerId: b.id,
    total: usd(1500),
    reason: { code: "sold_out", message: "The last seat was just taken" },
    cancelledAt: new Date().toISOString(),
  }, SOURCE);
}

function refunded(b: Buyer) {
  return createEvent(PaymentRefunded, {
    orderId: crypto.randomUUID(),
    buyerId: b.id,
    paymentId: "pi_456",
    refundId: "re_456",
    amount: usd(2500),
    refundedAt: new Date().toISOString(),
  }, SOURCE);
}

async function publish<S extends z.ZodType>(
  bus: EventBus,
  def: EventDef<string, S>,
  envelope: Envelope<z.infer<S>>,
): Promise<void> {
  await bus.publish([{
    topic: def.topic,
    key: envelope.subject,
    value: JSON.stringify(envelope),
    headers: {},
  }]);
}

/** Messages Mailpit holds for an address. */
async function mailpitMessages(address: string) {
  const query = encodeURIComponent(`to:"${address}"`);
  const res = await fetch(`${MAILPIT_URL}/api/v1/search?query=${query}`);
  assert.equal(res.status, 200);
  const body = await res.json();
  return body.messages as { ID: string; Subject: string; MessageID: string }[];
}

/** One message from Mailpit, with its bodies. */
async function mailpitMessage(id: string) {
  const res = await fetch(`${MAILPIT_URL}/api/v1/message/${id}`);
  assert.equal(res.status, 200);
  return await res.json() as { HTML: string; Text: string; Subject: string };
}

/** Everything one test needs: database, bus, app over HTTP, consumer. */
async function start(busMake: () => EventBus) {
  const db = await testDatabase([NOTIFICATIONS_MIGRATIONS]);
  const bus = busMake();
  await bus.ensureTopics(CONSUMED_TOPICS.flatMap((t) => [t, deadLetterTopic(t)]));
  const config = loadConfig(NotificationsEnv, {
    SERVICE_NAME: "notifications",
    PORT: "0",
    MAILER: USE_SMTP ? "smtp" : "memory",
    ...(USE_SMTP ? { SMTP_URL } : {}),
    MAIL_POLL_MS: "200",
    MAIL_RETRY_BASE_MS: "100",
  });
  const built = await createNotificationsApp({
    sql: db.sql,
    config,
    logger,
    registry: new Registry(),
    jwks,
    listen: db.kind === "servers",
  });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    built.app.fetch,
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  const consumerRegistry = new Registry();
  // A group of its own, reading only what is published from now on: never another run's
  // events, and never a running platform's partitions.
  const consumer = await startConsumer({
    ...built.consumer({ group: `notifications.test.${crypto.randomUUID().slice(0, 8)}` }),
    sql: db.sql,
    bus,
    logger,
    registry: consumerRegistry,
    fromBeginning: false,
    retryDelayMs: 50,
  });
  // A new Kafka group reads from the end once it has joined: until a probe registration is
  // seen, events could be missed.
  const probe = await buyer("probe");
  await eventually(
    async () => {
      await publish(bus, UserRegistered, registered(probe));
      const rows = await db.sql`select 1 from recipients where user_id = ${probe.id}`;
      return rows.length > 0;
    },
    90_000,
    "the consumer to join",
  );

  const api = async (
    method: string,
    path: string,
    options: { as?: Buyer; json?: unknown } = {},
  ) => {
    const headers = new Headers();
    if (options.as) headers.set("authorization", `Bearer ${options.as.token}`);
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers.set("content-type", "application/json");
    }
    const res = await fetch(`${base}${path}`, { method, headers, body });
    const text = await res.text();
    // deno-lint-ignore no-explicit-any
    return { status: res.status, body: text ? JSON.parse(text) : undefined as any };
  };

  return {
    db,
    config,
    sql: db.sql,
    bus,
    base,
    api,
    built,
    consumerRegistry,
    async [Symbol.asyncDispose]() {
      await consumer.close();
      await built.close();
      await server.shutdown();
      await bus.close();
      await db[Symbol.asyncDispose]();
    },
  };
}

async function emailsOf(sql: Awaited<ReturnType<typeof start>>["sql"], userId: string) {
  return await sql<{ status: string; kind: string; attempts: number; subject: string }[]>`
    select status, kind, attempts, subject from emails where user_id = ${userId}`;
}

for (const target of busTargets()) {
  Deno.test({
    name: `notifications on the ${target.name} bus`,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async (t) => {
      await using s = await start(target.make);
      const { sql, bus, api } = s;
      const ada = await buyer("ada");
      const receipt = completed(ada, EVIL_TITLE);

      await t.step(
        "user.registered then order.completed queues a receipt and sends it",
        async () => {
          await publish(bus, UserRegistered, registered(ada));
          // Topics are not ordered with each other; the greeting needs the user's name.
          await eventually(
            async () => (await sql`select 1 from recipients where user_id = ${ada.id}`).length > 0,
            20_000,
            "Ada's registration",
          );
          await publish(bus, OrderCompleted, receipt);
          await eventually(
            async () => (await emailsOf(sql, ada.id))[0]?.status === "sent",
            20_000,
            "the receipt to be sent",
          );
          const [email] = await emailsOf(sql, ada.id);
          assert.equal(email!.kind, "receipt");
          assert.equal(email!.attempts, 1);
          assert.match(email!.subject, /^Your Marquee receipt for order [0-9A-F]{8}$/);
          if (USE_SMTP) {
            await eventually(
              async () => (await mailpitMessages(ada.email)).length === 1,
              10_000,
              "the receipt in Mailpit",
            );
            const [summary] = await mailpitMessages(ada.email);
            assert.equal(summary!.Subject, email!.subject);
            const message = await mailpitMessage(summary!.ID);
            assert.match(message.Text, /Hi Ada Buyer,/);
            assert.match(message.Text, /Total: \$49\.00/);
            assert.ok(message.HTML.includes("&lt;script&gt;"), "the title is escaped");
            assert.ok(!message.HTML.includes("<script>"));
          } else {
            const mailer = s.built.mailer as MemoryMailer;
            const [message] = mailer.messages().filter((m) => m.to === ada.email);
            assert.equal(message!.subject, email!.subject);
            assert.equal(message!.from, "Marquee <no-reply@marquee.local>");
            assert.ok(message!.html.includes("&lt;script&gt;"));
          }
        },
      );

      await t.step("the same event delivered twice sends one email", async () => {
        await publish(bus, OrderCompleted, receipt);
        await eventually(
          () => duplicatesSeen(s.consumerRegistry) >= 1,
          20_000,
          "the duplicate to be skipped",
        );
        assert.equal((await emailsOf(sql, ada.id)).length, 1);
        const list = await api("GET", "/api/notifications", { as: ada });
        assert.equal(list.body.items.length, 1, "one in-app notification");
        if (USE_SMTP) assert.equal((await mailpitMessages(ada.email)).length, 1);
      });

      await t.step(
        "an order seen before the registration is emailed once the address is known",
        async () => {
          const carol = await buyer("carol");
          await publish(bus, OrderCompleted, completed(carol));
          await eventually(
            async () =>
              (await api("GET", "/api/notifications", { as: carol })).body.items.length === 1,
            20_000,
            "Carol's in-app receipt",
          );
          const [waiting] = await emailsOf(sql, carol.id);
          assert.deepEqual([waiting!.status, waiting!.attempts], ["queued", 0]);
          await publish(bus, UserRegistered, registered(carol, "Carol"));
          await eventually(
            async () => (await emailsOf(sql, carol.id))[0]?.status === "sent",
            20_000,
            "Carol's receipt to be sent",
          );
          if (USE_SMTP) {
            await eventually(
              async () => (await mailpitMessages(carol.email)).length === 1,
              10_000,
              "Carol's receipt in Mailpit",
            );
          }
        },
      );

      await t.step("with email receipts off, no email is queued (in-app still is)", async () => {
        const bob = await buyer("bob");
        await publish(bus, UserRegistered, registered(bob, "Bob"));
        const patched = await api("PATCH", "/api/notifications/preferences", {
          as: bob,
          json: { email: { receipts: false } },
        });
        assert.equal(patched.status, 200);
        assert.deepEqual(patched.body, {
          email: { receipts: false, refunds: true, orderUpdates: true, liveAlerts: true },
          inApp: { receipts: true, refunds: true, orderUpdates: true, liveAlerts: true },
        });
        assert.deepEqual(
          (await api("GET", "/api/notifications/preferences", { as: bob })).body,
          patched.body,
        );
        await publish(bus, OrderCompleted, completed(bob));
        await eventually(
          async () => (await api("GET", "/api/notifications", { as: bob })).body.items.length === 1,
          20_000,
          "Bob's in-app receipt",
        );
        assert.equal((await emailsOf(sql, bob.id)).length, 0);
      });

      await t.step(
        "preferences: bad input is a 422 naming the field; anonymous is 401",
        async () => {
          const bad = await api("PATCH", "/api/notifications/preferences", {
            as: ada,
            json: { email: { receipts: "yes" } },
          });
          assert.equal(bad.status, 422);
          assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field), [
            "body.email.receipts",
          ]);
          const unknown = await api("PATCH", "/api/notifications/preferences", {
            as: ada,
            json: { sms: { receipts: true } },
          });
          assert.equal(unknown.status, 422);
          assert.equal((await api("GET", "/api/notifications/preferences")).status, 401);
        },
      );

      await t.step("in-app: newest first, pages, unread count, read and read-all", async () => {
        await publish(bus, OrderCancelled, cancelled(ada));
        await publish(bus, PaymentRefunded, refunded(ada));
        await eventually(
          async () => (await api("GET", "/api/notifications", { as: ada })).body.items.length === 3,
          20_000,
          "three notifications",
        );
        const all = await api("GET", "/api/notifications", { as: ada });
        assert.equal(all.body.unreadCount, 3);
        const times = all.body.items.map((n: { createdAt: string }) => n.createdAt);
        assert.deepEqual(times, [...times].sort().reverse(), "newest first");
        assert.equal(all.body.items.at(-1).kind, "receipt");

        const first = await api("GET", "/api/notifications?limit=2", { as: ada });
        assert.equal(first.body.items.length, 2);
        assert.ok(first.body.nextCursor);
        const second = await api(
          "GET",
          `/api/notifications?limit=2&cursor=${first.body.nextCursor}`,
          { as: ada },
        );
        assert.equal(second.body.items.length, 1);
        assert.equal(second.body.nextCursor, null);
        assert.deepEqual(
          [...first.body.items, ...second.body.items].map((n: { id: string }) => n.id),
          all.body.items.map((n: { id: string }) => n.id),
        );
        const badCursor = await api("GET", "/api/notifications?cursor=nope", { as: ada });
        assert.equal(badCursor.status, 422);
        assert.equal(badCursor.body.errors[0].field, "query.cursor");

        const target = all.body.items[0];
        const eve = await buyer("eve");
        const stolen = await api("POST", `/api/notifications/${target.id}/read`, { as: eve });
        assert.equal(stolen.status, 404, "another user's notification is not found");
        const read = await api("POST", `/api/notifications/${target.id}/read`, { as: ada });
        assert.equal(read.status, 200);
        assert.ok(read.body.readAt);
        assert.equal((await api("GET", "/api/notifications", { as: ada })).body.unreadCount, 2);
        const unread = await api("GET", "/api/notifications?unread=true", { as: ada });
        assert.equal(unread.body.items.length, 2);

        const all2 = await api("POST", "/api/notifications/read-all", { as: ada });
        assert.deepEqual(all2.body, { updated: 2, unreadCount: 0 });
        assert.equal((await api("GET", "/api/notifications", { as: ada })).body.unreadCount, 0);
        assert.equal((await api("GET", "/api/notifications")).status, 401);
        assert.equal(
          (await api("POST", "/api/notifications/not-a-uuid/read", { as: ada })).status,
          422,
        );
      });

      await t.step("the stream pushes a notification created after connecting", async () => {
        const issued = await api("POST", "/api/notifications/stream-ticket", { as: ada });
        assert.equal(issued.status, 201);
        const controller = new AbortController();
        const res = await fetch(
          `${s.base}/api/notifications/stream?ticket=${encodeURIComponent(issued.body.ticket)}`,
          { signal: controller.signal },
        );
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
        const events = sseEvents(res.body!);
        try {
          const ready = await events.next();
          assert.equal(ready.value?.event, "ready");
          assert.deepEqual(JSON.parse(ready.value!.data), { unreadCount: 0 });
          const event = cancelled(ada);
          await publish(bus, OrderCancelled, event);
          const pushed = await Promise.race([
            events.next(),
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error("No event in time")), 20_000)
            ),
          ]);
          assert.equal(pushed.value?.event, "notification");
          const notification = JSON.parse(pushed.value!.data);
          assert.equal(notification.kind, "cancelled");
          assert.equal(notification.data.orderId, event.data.orderId);
          assert.equal(notification.readAt, null);
        } finally {
          controller.abort();
          await events.return(undefined).catch(() => {});
        }
      });

      await t.step("the stream refuses bad tickets and missing credentials", async () => {
        const issued = await api("POST", "/api/notifications/stream-ticket", { as: ada });
        const ticket = issued.body.ticket as string;
        const forged = `${ticket.slice(0, -4)}${ticket.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
        for (const query of [`?ticket=${forged}`, "?ticket=junk", ""]) {
          const res = await fetch(`${s.base}/api/notifications/stream${query}`);
          assert.equal(res.status, 401, query);
          assert.equal(res.headers.get("content-type"), "application/problem+json");
          await res.body?.cancel();
        }
        const bearer = await fetch(`${s.base}/api/notifications/stream`, {
          headers: { authorization: "Bearer not.a.token" },
        });
        assert.equal(bearer.status, 401);
        await bearer.body?.cancel();
        const anonymousTicket = await api("POST", "/api/notifications/stream-ticket");
        assert.equal(anonymousTicket.status, 401);
      });
    },
  });
}

Deno.test({
  name: "notifications: a stream on instance B gets what instance A writes (LISTEN/NOTIFY)",
  ignore: !Deno.env.get("MARQUEE_TEST_POSTGRES_URL"),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await using s = await start(busTargets()[0]!.make);
    assert.equal(s.db.kind, "servers");
    // Instance B: its own pool, hub and listener, no consumer, so every write is A's.
    const sqlB = createPool(s.db.url, { max: 2 });
    const b = await createNotificationsApp({
      sql: sqlB,
      config: s.config,
      logger,
      registry: new Registry(),
      jwks,
      listen: true,
    });
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, b.app.fetch);
    const controller = new AbortController();
    try {
      assert.equal(b.hub.listening(), true);
      const ada = await buyer("ada");
      const res = await fetch(`http://127.0.0.1:${server.addr.port}/api/notifications/stream`, {
        headers: { authorization: `Bearer ${ada.token}` },
        signal: controller.signal,
      });
      assert.equal(res.status, 200);
      const events = sseEvents(res.body!);
      assert.equal((await events.next()).value?.event, "ready");
      assert.equal(b.hub.count(ada.id), 1);
      const started = Date.now();
      const event = cancelled(ada);
      await publish(s.bus, OrderCancelled, event);
      const pushed = await Promise.race([
        events.next(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error("No event on B in time")), 20_000)
        ),
      ]);
      assert.equal(pushed.value?.event, "notification");
      assert.equal(JSON.parse(pushed.value!.data).data.orderId, event.data.orderId);
      assert.ok(Date.now() - started < 5_000, `reached B after ${Date.now() - started} ms`);
      controller.abort();
      await events.return(undefined).catch(() => {});
      await eventually(() => b.hub.count(ada.id) === 0, 5_000, "the stream on B to end");
    } finally {
      controller.abort();
      await server.shutdown();
      await b.close();
      await sqlB.end({ timeout: 1 });
    }
  },
});

/** How many redeliveries the inbox skipped, over every event type. */
function duplicatesSeen(registry: Registry): number {
  const text = registry.render();
  return text.split("\n")
    .filter((line) => line.startsWith("events_duplicate_total{"))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
}

/** Parses a Server-Sent Events body into its events (comments skipped). */
async function* sseEvents(body: ReadableStream<Uint8Array>) {
  // The cast keeps one typing of TextDecoderStream whichever lib definitions are in the program.
  const decoder = new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>;
  const reader = body.pipeThrough(decoder).getReader();
  let buffer = "";
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        const data: string[] = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
        }
        if (data.length) yield { event, data: data.join("\n") };
      }
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => {});
  }
}
