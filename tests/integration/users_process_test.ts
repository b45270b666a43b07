/**
 * The users service as its own process on the real servers: it migrates its database,
 * serves the API, and its events reach Kafka through the outbox relay.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { TOPICS } from "@marquee/contracts";
import { createKafkaBus, type Delivered } from "@marquee/events";
import { createLogger } from "@marquee/log";
import { answersOk, eventually } from "@marquee/testing";

const admin = Deno.env.get("MARQUEE_TEST_POSTGRES_URL");
const brokers = Deno.env.get("MARQUEE_TEST_KAFKA_BROKERS");

Deno.test({
  name: "users process: register → user.registered on Kafka; SIGTERM drains and exits 0",
  ignore: !admin || !brokers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const name = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
    const root = postgres(admin!, { max: 1, onnotice: () => {} });
    await root.unsafe(`create database ${name}`);
    const url = new URL(admin!);
    url.pathname = `/${name}`;
    const port = 18_101;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("../../services/users/main.ts", import.meta.url).pathname],
      env: {
        SERVICE_NAME: "users",
        PORT: String(port),
        MARQUEE_MODE: "servers",
        DATABASE_URL: url.href,
        KAFKA_BROKERS: brokers!,
        KEY_ENCRYPTION_SECRET: "test-only-key-encryption-secret-0123456789",
        PASSWORD_HASH_MEMORY_KIB: "1024",
        PASSWORD_HASH_TIME_COST: "1",
        LOG_LEVEL: "warn",
      },
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const base = `http://127.0.0.1:${port}`;
    const bus = createKafkaBus({
      brokers: brokers!.split(","),
      clientId: "users-process-test",
      logger: createLogger({ service: "test", level: "error" }),
    });
    try {
      await eventually(
        () => answersOk(`${base}/health/ready`),
        60_000,
        "users ready",
      );
      const ready = await (await fetch(`${base}/health/ready`)).json();
      assert.equal(ready.checks.database.status, "ok");
      assert.equal(ready.checks.broker.status, "ok");
      const res = await fetch(`${base}/api/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          email: `p-${crypto.randomUUID().slice(0, 8)}@example.com`,
          password: "correct horse battery",
          displayName: "Process",
        }),
      });
      assert.equal(res.status, 201);
      const { user } = await res.json();
      const seen: Delivered[] = [];
      const sub = await bus.subscribe({
        group: `audit-${crypto.randomUUID()}`,
        topics: [TOPICS.users],
        fromBeginning: true,
        handle: (m) => Promise.resolve(void (m.key === user.id && seen.push(m))),
      });
      await eventually(() => seen.length > 0, 30_000, "user.registered on Kafka");
      await sub.close();
      const event = JSON.parse(seen[0]!.value);
      assert.equal(event.type, "user.registered");
      assert.equal(event.specversion, "1.0");
      assert.equal(event.data.userId, user.id);
      assert.match(seen[0]!.headers.traceparent!, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    } finally {
      child.kill("SIGTERM");
      const status = await child.status;
      const stderr = await new Response(child.stderr).text();
      await bus.close();
      await root.unsafe(`drop database if exists ${name} with (force)`);
      await root.end();
      assert.equal(status.code, 0, stderr);
    }
  },
});
