/**
 * Outbox → bus → consumer: each event takes effect exactly once, through relay crashes,
 * redeliveries and poison messages. Runs on the in-process bus and on Kafka.
 */
import assert from "node:assert/strict";
import { UserRegistered } from "@marquee/contracts";
import {
  createEvent,
  createOutboxRelay,
  deadLetterTopic,
  type Delivered,
  enqueue,
  type EventBus,
  on,
  startConsumer,
} from "@marquee/events";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { busTargets, eventually, testDatabase, testTopic } from "@marquee/testing";

const logger = createLogger({ service: "test", level: "error" });
const opts = { sanitizeOps: false, sanitizeResources: false };

// A copy of UserRegistered on a private topic, so parallel runs never share a stream.
function testEventDef() {
  return { ...UserRegistered, topic: testTopic("users") };
}

async function setup(bus: EventBus) {
  const db = await testDatabase();
  await db.sql`create table accounts (id uuid primary key, email text not null)`;
  await db.sql`create table welcomed (user_id uuid primary key, times int not null default 1)`;
  const def = testEventDef();
  await bus.ensureTopics([def.topic, deadLetterTopic(def.topic)]);
  const registry = new Registry();
  const consumer = await startConsumer({
    group: `welcome-${def.topic}`,
    sql: db.sql,
    bus,
    logger,
    registry,
    retryDelayMs: 10,
    maxAttempts: 3,
    handlers: [
      on(def, async (data, { tx }) => {
        await tx`insert into welcomed (user_id) values (${data.userId})
          on conflict (user_id) do update set times = welcomed.times + 1`;
      }),
    ],
  });
  const register = (email: string) =>
    db.sql.begin(async (tx) => {
      const userId = crypto.randomUUID();
      await tx`insert into accounts (id, email) values (${userId}, ${email})`;
      await enqueue(tx, {
        topic: def.topic,
        envelope: createEvent(def, {
          userId,
          email,
          displayName: "Ada",
          roles: ["buyer"],
          registeredAt: new Date().toISOString(),
        }, { source: "users" }),
      });
      return userId;
    });
  const times = async (userId: string) =>
    (await db.sql<{ times: number }[]>`select times from welcomed where user_id = ${userId}`)[0]
      ?.times ?? 0;
  return { db, def, consumer, register, times, registry };
}

/** Every message on `topic` from the beginning, read by a fresh group. */
async function readAll(bus: EventBus, topic: string, expected: number): Promise<Delivered[]> {
  const seen: Delivered[] = [];
  const sub = await bus.subscribe({
    group: `audit-${crypto.randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    handle: (m) => Promise.resolve(void seen.push(m)),
  });
  await eventually(() => seen.length >= expected, 20_000, `${expected} messages on ${topic}`);
  await new Promise((r) => setTimeout(r, 200));
  await sub.close();
  return seen;
}

for (const target of busTargets()) {
  Deno.test(`${target.name}: an event goes outbox → bus → consumer once`, opts, async () => {
    const bus = target.make();
    const { db, consumer, register, times, def } = await setup(bus);
    const relay = createOutboxRelay({
      sql: db.sql,
      bus,
      logger,
      pollMs: 50,
      listen: db.kind === "servers",
    });
    await relay.start();
    const userId = await register("ada@example.com");
    await eventually(async () => (await times(userId)) === 1, 20_000, "welcome applied");
    const [row] = await db.sql`select published_at, attempts from outbox`;
    assert.ok(row!.publishedAt);
    assert.equal(row!.attempts, 1);
    const onTopic = await readAll(bus, def.topic, 1);
    assert.equal(onTopic.length, 1);
    assert.equal(JSON.parse(onTopic[0]!.value).subject, userId);
    assert.equal(onTopic[0]!.key, userId);
    await relay.stop();
    await consumer.close();
    await bus.close();
    await db[Symbol.asyncDispose]();
  });

  Deno.test(`${target.name}: a rolled-back change publishes nothing`, opts, async () => {
    const bus = target.make();
    const { db, consumer, def } = await setup(bus);
    await assert.rejects(() =>
      db.sql.begin(async (tx) => {
        await enqueue(tx, {
          topic: def.topic,
          envelope: createEvent(def, {
            userId: crypto.randomUUID(),
            email: "x@example.com",
            displayName: "X",
            roles: [],
            registeredAt: new Date().toISOString(),
          }, { source: "users" }),
        });
        throw new Error("business rule failed");
      })
    );
    assert.equal((await db.sql`select 1 from outbox`).length, 0);
    await consumer.close();
    await bus.close();
    await db[Symbol.asyncDispose]();
  });

  Deno.test(`${target.name}: the relay dying after publishing doubles nothing`, opts, async () => {
    const bus = target.make();
    const { db, consumer, register, times, def, registry } = await setup(bus);
    const userId = await register("grace@example.com");
    if (target.name === "kafka") {
      // A real process killed between the broker's ack and the commit of "published".
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          new URL("./fixtures/crashing_relay.ts", import.meta.url).pathname,
          db.url,
          Deno.env.get("MARQUEE_TEST_KAFKA_BROKERS")!,
        ],
        stdout: "null",
        stderr: "piped",
      });
      const out = await child.output();
      assert.equal(out.code, 9, new TextDecoder().decode(out.stderr));
    } else {
      const crashing = createOutboxRelay({
        sql: db.sql,
        bus,
        logger,
        afterPublish: () => {
          throw new Error("process died");
        },
      });
      await assert.rejects(() => crashing.runOnce());
    }
    const [pending] = await db.sql`select published_at from outbox`;
    assert.equal(pending!.publishedAt, null, "the row was not marked published");
    await createOutboxRelay({ sql: db.sql, bus, logger }).drain();
    assert.equal((await readAll(bus, def.topic, 2)).length, 2, "the bus holds both copies");
    await eventually(
      () =>
        registry.counter("events_duplicate_total", "").value({
          group: `welcome-${def.topic}`,
          type: def.type,
        }) >= 1,
      20_000,
      "duplicate skipped",
    );
    assert.equal(await times(userId), 1);
    await consumer.close();
    await bus.close();
    await db[Symbol.asyncDispose]();
  });

  Deno.test(
    `${target.name}: the same message delivered twice takes effect once`,
    opts,
    async () => {
      const bus = target.make();
      const { db, consumer, times, def, registry } = await setup(bus);
      const userId = crypto.randomUUID();
      const envelope = createEvent(def, {
        userId,
        email: "twice@example.com",
        displayName: "Twice",
        roles: ["buyer"],
        registeredAt: new Date().toISOString(),
      }, { source: "users" });
      const message = {
        topic: def.topic,
        key: userId,
        value: JSON.stringify(envelope),
        headers: {},
      };
      await bus.publish([message, message]);
      await eventually(
        () =>
          registry.counter("events_duplicate_total", "").value({
            group: `welcome-${def.topic}`,
            type: def.type,
          }) === 1,
        20_000,
        "duplicate skipped",
      );
      assert.equal(await times(userId), 1);
      await consumer.close();
      await bus.close();
      await db[Symbol.asyncDispose]();
    },
  );

  Deno.test(`${target.name}: a poison message lands in the dead-letter topic`, opts, async () => {
    const bus = target.make();
    const { db, consumer, def, register, times } = await setup(bus);
    const bad = createEvent(def, {
      userId: crypto.randomUUID(),
      email: "p@example.com",
      displayName: "P",
      roles: [],
      registeredAt: new Date().toISOString(),
    }, { source: "users" });
    await bus.publish([
      { topic: def.topic, key: "x", value: "{not json", headers: {} },
      {
        topic: def.topic,
        key: "y",
        value: JSON.stringify({ ...bad, data: { userId: "not-a-uuid" } }),
        headers: {},
      },
    ]);
    // Keys land on different partitions, so find each message by key, not by position.
    const dead = await readAll(bus, deadLetterTopic(def.topic), 2);
    assert.equal(dead.length, 2);
    const notJson = dead.find((m) => m.key === "x")!;
    const badData = dead.find((m) => m.key === "y")!;
    assert.equal(notJson.headers["x-dead-letter-error"], "Message is not JSON");
    assert.equal(notJson.headers["x-dead-letter-attempts"], "1", "poison is not retried");
    assert.match(badData.headers["x-dead-letter-error"]!, /"data\.userId"/);
    // The stream moves on: a good event after the poison ones is applied.
    const relay = createOutboxRelay({
      sql: db.sql,
      bus,
      logger,
      pollMs: 50,
      listen: db.kind === "servers",
    });
    await relay.start();
    const userId = await register("after@example.com");
    await eventually(async () => (await times(userId)) === 1, 20_000, "later event applied");
    await relay.stop();
    await consumer.close();
    await bus.close();
    await db[Symbol.asyncDispose]();
  });
}

Deno.test(
  "published outbox rows are pruned after their retention; pending rows never are",
  opts,
  async () => {
    const bus = busTargets()[0]!.make();
    const { db, register, consumer } = await setup(bus);
    try {
      const relay = createOutboxRelay({
        sql: db.sql,
        bus,
        logger,
        listen: false,
        retentionMs: 60_000,
      });
      await register("old@example.com");
      await register("recent@example.com");
      await relay.drain();
      await register("pending@example.com");
      // The first row was published two hours ago, the second just now.
      await db.sql`update outbox set published_at = now() - interval '2 hours'
      where seq = (select min(seq) from outbox)`;
      assert.equal(await relay.prune(), 1);
      const left = await db.sql<{ published: boolean }[]>`
      select published_at is not null as published from outbox order by seq`;
      assert.deepEqual(left.map((r) => r.published), [true, false]);
      assert.equal(await relay.prune(), 0);
    } finally {
      await consumer.close();
      await bus.close();
      await db[Symbol.asyncDispose]();
    }
  },
);

Deno.test("a NOTIFY during a relay pass is not lost: its rows go out at once", opts, async () => {
  const bus = busTargets()[0]!.make();
  const { db, register, consumer, times } = await setup(bus);
  let during: Promise<string> | undefined;
  // A poll interval far longer than the test: only the wake-up can publish in time.
  const relay = createOutboxRelay({
    sql: db.sql,
    bus,
    logger,
    pollMs: 60_000,
    afterPublish: async () => {
      if (during) return;
      // A row committed while this pass runs; its NOTIFY arrives before the pass ends.
      during = register("during@example.com");
      await during;
      await new Promise((r) => setTimeout(r, 300));
    },
  });
  try {
    await relay.start();
    const first = await register("first@example.com");
    await eventually(async () => (await times(first)) === 1, 10_000, "first delivered");
    const second = await during!;
    await eventually(async () => (await times(second)) === 1, 10_000, "second without a poll");
  } finally {
    await relay.stop();
    await consumer.close();
    await bus.close();
    await db[Symbol.asyncDispose]();
  }
});
