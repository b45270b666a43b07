/**
 * Two hundred buyers at once for ten seats, on the real services and servers: exactly ten
 * orders complete, every other buyer is told it is sold out (at placement, or by the saga
 * cancelling with `sold_out`), the catalog has ten seats sold and none held, and only the
 * ten winners paid and got access.
 */
import assert from "node:assert/strict";
import {
  entitlementsOf,
  holdsOf,
  paymentsOf,
  type Placed,
  startCheckoutPlatform,
  TEST_OPTIONS,
} from "./fixtures/checkout_platform.ts";

const BUYERS = 200;
const SEATS = 10;

Deno.test(
  "200 concurrent buyers for 10 seats: 10 sales, the rest sold out",
  TEST_OPTIONS,
  async () => {
    await using p = await startCheckoutPlatform();
    try {
      const ticket = await p.product({ type: "live_ticket", capacity: SEATS });
      const buyers: Array<{ id: string; token: string }> = [];
      for (let i = 0; i < BUYERS; i += 20) {
        buyers.push(...await Promise.all(Array.from({ length: 20 }, () => p.signUp())));
      }
      const placed: Placed[] = await Promise.all(buyers.map((b) => p.place(b.token, ticket)));

      const accepted = placed.filter((r) => r.status === 202);
      const refused = placed.filter((r) => r.status !== 202);
      for (const r of refused) {
        assert.equal(r.status, 422, JSON.stringify(r.body));
        assert.equal(r.body.errors[0].message, "Sold out");
      }
      const ids = accepted.map((r) => r.body.id as string);
      const rows = await p.settle(ids, 120_000);
      const completed = rows.filter((r) => r.status === "COMPLETED").map((r) => r.orderId);
      const cancelled = rows.filter((r) => r.status !== "COMPLETED");
      assert.equal(completed.length, SEATS, "exactly as many sales as seats");
      for (const r of cancelled) {
        assert.equal(r.status, "CANCELLED", JSON.stringify(r));
        assert.equal(r.reason?.code, "sold_out", JSON.stringify(r));
      }
      assert.equal(cancelled.length + refused.length, BUYERS - SEATS);

      const holds = await holdsOf(p.db.catalog, ticket);
      assert.equal(holds.committed, SEATS, "ten seats sold");
      assert.equal(holds.held ?? 0, 0, "no hold left");
      const res = await fetch(`${p.url("catalog")}/api/products/${ticket}`);
      assert.equal((await res.json()).available, 0);

      const payments = await paymentsOf(p.db.payments, ids);
      assert.deepEqual(
        payments.map((x) => x.orderId).sort(),
        [...completed].sort(),
        "only the winners were charged",
      );
      assert.ok(payments.every((x) => x.status === "succeeded"));
      const granted = await entitlementsOf(p.db.subscriptions, ids);
      assert.deepEqual(granted.map((e) => e.sourceId).sort(), [...completed].sort());
      console.log(
        `${accepted.length} orders placed, ${refused.length} refused at placement, ` +
          `${cancelled.length} cancelled sold_out, ${completed.length} completed`,
      );
    } catch (error) {
      await p.dumpLogs();
      throw error;
    }
  },
);
