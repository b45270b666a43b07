/**
 * Orders in flight while Kafka is stopped and started again (`infra/local/down.sh kafka`,
 * `up.sh kafka`), on the real services and servers. Orders are still accepted during the
 * outage (the outbox keeps their events), and afterwards no event is lost and no effect
 * doubled: every order ended, paid ones COMPLETED, one payment and one success per order,
 * grants and sold seats equal to the completed orders. Kafka is shared with other tests, so
 * the outage is kept short and Kafka is always started again.
 */
import assert from "node:assert/strict";
import type { Sql } from "@marquee/db";
import { ROOT } from "../../infra/services.ts";
import {
  entitlementsOf,
  holdsOf,
  paymentsOf,
  type Placed,
  startCheckoutPlatform,
  TEST_OPTIONS,
} from "./fixtures/checkout_platform.ts";

const RUN_MS = 14_000;
const EVERY_MS = 250;
const DOWN_MS = 3_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function local(script: "up" | "down"): Promise<void> {
  const { success, stderr } = await new Deno.Command("bash", {
    args: [`${ROOT}infra/local/${script}.sh`, "kafka"],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!success) throw new Error(`${script}.sh kafka failed: ${new TextDecoder().decode(stderr)}`);
}

async function countsOf(sql: Sql, type: string, ids: string[]): Promise<Map<string, number>> {
  const rows = await sql<{ key: string; n: number }[]>`select key, count(*)::int as n
    from outbox where type = ${type} and key in ${sql(ids)} group by key`;
  return new Map(rows.map((r) => [r.key, r.n]));
}

Deno.test(
  "Kafka restarted with orders in flight: nothing lost, nothing doubled",
  TEST_OPTIONS,
  async () => {
    await using p = await startCheckoutPlatform();
    try {
      const ticket = await p.product({ type: "live_ticket", capacity: 1000 });
      const buyers = await Promise.all(Array.from({ length: 3 }, () => p.signUp()));
      const placements: Array<Promise<Placed>> = [];
      let outageMs = 0;
      const started = Date.now();
      const outage = (async () => {
        await sleep(3_000);
        const down = Date.now();
        try {
          await local("down");
          await sleep(DOWN_MS);
        } finally {
          await local("up");
          outageMs = Date.now() - down;
        }
      })();
      for (let i = 0; Date.now() - started < RUN_MS; i++) {
        placements.push(p.place(buyers[i % buyers.length]!.token, ticket, { attempts: 100 }));
        await sleep(EVERY_MS);
      }
      await outage;
      // Stopping and starting the broker takes longer on a loaded machine; past this the
      // run would no longer be the short outage it is meant to be.
      assert.ok(outageMs < 40_000, `Kafka was away ${outageMs} ms`);
      const placed = await Promise.all(placements);
      for (const r of placed) assert.equal(r.status, 202, JSON.stringify(r.body));
      const ids = placed.map((r) => r.body.id as string);

      const rows = await p.settle(ids, 150_000);
      for (const r of rows) assert.equal(r.status, "COMPLETED", JSON.stringify(r));

      const payments = await paymentsOf(p.db.payments, ids);
      assert.equal(payments.length, ids.length, "one payment per order");
      assert.ok(payments.every((x) => x.status === "succeeded"));
      const successes = await countsOf(p.db.payments, "payment.succeeded", ids);
      assert.ok(ids.every((id) => successes.get(id) === 1), "one success per order");
      const captures = await countsOf(p.db.orders, "payment.capture", ids);
      assert.ok(ids.every((id) => captures.get(id) === 1), "one capture asked per order");
      const granted = await entitlementsOf(p.db.subscriptions, ids);
      assert.deepEqual(granted.map((e) => e.sourceId).sort(), [...ids].sort(), "one grant each");
      const holds = await holdsOf(p.db.catalog, ticket);
      assert.deepEqual(holds, { committed: ids.length }, "seats sold == orders, none held");
      console.log(
        `${ids.length} orders, Kafka away ${outageMs} ms, all completed ` +
          `${Date.now() - started} ms after the first`,
      );
    } catch (error) {
      await p.dumpLogs();
      throw error;
    }
  },
);
