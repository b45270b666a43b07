/**
 * Orders keep coming while the orders process, then the payments process, is killed with
 * SIGKILL mid-run and started again, on the real services and servers. Afterwards every
 * order has ended, paid ones COMPLETED and declined ones CANCELLED with their reason; none
 * is stuck; each order has at most one payment and one success; grants and sold seats
 * match the completed orders exactly.
 */
import assert from "node:assert/strict";
import type { Sql } from "@marquee/db";
import {
  entitlementsOf,
  holdsOf,
  paymentsOf,
  type Placed,
  startCheckoutPlatform,
  TEST_OPTIONS,
} from "./fixtures/checkout_platform.ts";

const RUN_MS = 20_000;
const EVERY_MS = 200;
const DECLINED = "pm_card_chargeDeclined";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Per order, how many events of `type` the outbox of `sql` holds. */
async function countsOf(sql: Sql, type: string, ids: string[]): Promise<Map<string, number>> {
  const rows = await sql<{ key: string; n: number }[]>`select key, count(*)::int as n
    from outbox where type = ${type} and key in ${sql(ids)} group by key`;
  return new Map(rows.map((r) => [r.key, r.n]));
}

Deno.test(
  "SIGKILL of orders, then of payments, mid-run: every order ends once",
  TEST_OPTIONS,
  async () => {
    await using p = await startCheckoutPlatform();
    try {
      const ticket = await p.product({ type: "live_ticket", capacity: 1000 });
      const buyers = await Promise.all(Array.from({ length: 5 }, () => p.signUp()));
      const placements: Array<Promise<Placed & { method: string }>> = [];
      const started = Date.now();
      const chaos = (async () => {
        await sleep(4_000);
        await p.proc("orders").stop("SIGKILL");
        await sleep(1_500);
        await p.proc("orders").start();
        await sleep(4_000);
        await p.proc("payments").stop("SIGKILL");
        await sleep(1_500);
        await p.proc("payments").start();
      })();
      for (let i = 0; Date.now() - started < RUN_MS; i++) {
        const method = i % 5 === 4 ? DECLINED : "pm_card_visa";
        const buyer = buyers[i % buyers.length]!;
        placements.push(
          p.place(buyer.token, ticket, { paymentMethod: method, attempts: 100 })
            .then((r) => ({ ...r, method })),
        );
        await sleep(EVERY_MS);
      }
      await chaos;
      const placed = await Promise.all(placements);
      for (const r of placed) assert.equal(r.status, 202, JSON.stringify(r.body));
      const ids = placed.map((r) => r.body.id as string);
      const methodOf = new Map(placed.map((r) => [r.body.id as string, r.method]));

      const rows = await p.settle(ids, 120_000);
      const completed = rows.filter((r) => r.status === "COMPLETED").map((r) => r.orderId);
      for (const r of rows) {
        if (methodOf.get(r.orderId) === DECLINED) {
          assert.equal(r.status, "CANCELLED", JSON.stringify(r));
          assert.equal(r.reason?.code, "payment_declined");
        } else assert.equal(r.status, "COMPLETED", JSON.stringify(r));
      }

      const payments = await paymentsOf(p.db.payments, ids);
      assert.equal(new Set(payments.map((x) => x.orderId)).size, payments.length);
      const byOrder = new Map(payments.map((x) => [x.orderId, x.status]));
      for (const id of ids) {
        assert.equal(byOrder.get(id), methodOf.get(id) === DECLINED ? "failed" : "succeeded", id);
      }
      const successes = await countsOf(p.db.payments, "payment.succeeded", ids);
      assert.ok([...successes.values()].every((n) => n === 1), "no payment succeeded twice");
      assert.equal((await countsOf(p.db.payments, "payment.refunded", ids)).size, 0, "no refunds");

      const granted = await entitlementsOf(p.db.subscriptions, ids);
      assert.deepEqual(granted.map((e) => e.sourceId).sort(), [...completed].sort());
      const holds = await holdsOf(p.db.catalog, ticket);
      assert.equal(holds.committed, completed.length, "seats sold == completed orders");
      assert.equal(holds.held ?? 0, 0, "no hold left");
      console.log(
        `${ids.length} orders across two SIGKILLs: ${completed.length} completed, ` +
          `${ids.length - completed.length} declined, in ${Date.now() - started} ms`,
      );
    } catch (error) {
      await p.dumpLogs();
      throw error;
    }
  },
);
