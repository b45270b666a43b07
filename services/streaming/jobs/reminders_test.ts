import assert from "node:assert/strict";
import type { Sql } from "@marquee/db";
import { createLogger } from "@marquee/log";
import { testDatabase } from "@marquee/testing";
import { STREAMING_MIGRATIONS } from "../app.ts";
import { startReminders } from "./reminders.ts";

const NOW = new Date("2026-03-01T20:00:00Z");
const opts = { sanitizeOps: false, sanitizeResources: false };
const logger = createLogger({ service: "streaming-test", level: "error" });

async function schedule(sql: Sql, minutesAhead: number, status = "scheduled"): Promise<string> {
  const id = crypto.randomUUID();
  const start = new Date(NOW.getTime() + minutesAhead * 60_000);
  await sql`insert into streams (id, creator_id, title, scheduled_start, access_kind, status,
      ended_at, created_at, updated_at)
    values (${id}, ${crypto.randomUUID()}, ${"Reminded"}, ${start}, 'free', ${status},
      ${status === "cancelled" ? NOW : null}, ${NOW}, ${NOW})`;
  return id;
}

const reminders = (sql: Sql) =>
  startReminders({ sql, logger, clock: () => NOW, intervalMs: 600_000 });

Deno.test(
  "reminders: once per stream starting within 15 minutes, across runners",
  opts,
  async () => {
    await using db = await testDatabase([STREAMING_MIGRATIONS], { kind: "embedded" });
    const { sql } = db;
    const due = await schedule(sql, 14);
    const edge = await schedule(sql, 15);
    await schedule(sql, 16); // too early to remind
    await schedule(sql, -1); // already past its start
    await schedule(sql, 10, "cancelled");

    // Two replicas run at once, then one after a restart: each stream is reminded once.
    const [a, b] = [reminders(sql), reminders(sql)];
    const counts = await Promise.all([a.runOnce(), b.runOnce()]);
    assert.equal(counts[0]! + counts[1]!, 2);
    await Promise.all([a.stop(), b.stop()]);
    const restarted = reminders(sql);
    assert.equal(await restarted.runOnce(), 0);
    await restarted.stop();

    const events = await sql<{ key: string; type: string }[]>`select key, type from outbox
    order by key`;
    assert.deepEqual(
      events.map((e) => [e.key, e.type]),
      [due, edge].sort().map((id) => [id, "stream.starting_soon"]),
    );
    const stamped = await sql<{ id: string }[]>`select id from streams
    where reminded_at is not null order by id`;
    assert.deepEqual(stamped.map((r) => r.id), [due, edge].sort());
  },
);
