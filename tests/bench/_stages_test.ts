import assert from "node:assert/strict";
import type { OutboxRow } from "./_pg_stats.ts";
import { HOPS, splitStages } from "./_stages.ts";

const ORDER = "5f0c8a52-4a8f-4d7e-9d8e-0c5b2f7a1e11";

function outbox(database: string, type: string, created: number, published: number | null) {
  return { database, type, subject: ORDER, createdMs: created, publishedMs: published };
}

Deno.test("a completed order splits into hops that add up to its whole time", () => {
  const rows: OutboxRow[] = [
    outbox("orders", "order.placed", 1_010, 1_012),
    outbox("orders", "order.status_changed", 1_010, 1_012),
    outbox("orders", "payment.capture", 1_010, 1_015),
    outbox("payments", "payment.succeeded", 1_040, 1_041),
    outbox("orders", "entitlement.grant", 1_050, 1_060),
    outbox("subscriptions", "entitlement.granted", 1_070, 1_072),
    outbox("orders", "order.completed", 1_080, 1_081),
    // Another order's row is ignored.
    { ...outbox("orders", "order.completed", 5, 6), subject: "other" },
  ];
  const hops = splitStages(
    [{ orderId: ORDER, kind: "unlimited", sentMs: 1_000, seenMs: 1_100 }],
    rows,
  );
  assert.equal(hops.length, HOPS.length);
  assert.deepEqual(hops.map((h) => h[0]), [10, 5, 25, 1, 9, 10, 10, 2, 8, 20]);
  assert.equal(hops.reduce((n, h) => n + h[0]!, 0), 100);
});

Deno.test("an unpublished row leaves the hops it bounds out, and the earliest row counts", () => {
  const rows: OutboxRow[] = [
    outbox("orders", "order.placed", 1_010, 1_012),
    outbox("orders", "payment.capture", 1_010, null),
    outbox("payments", "payment.succeeded", 1_040, 1_041),
    outbox("payments", "payment.succeeded", 1_030, 1_035),
  ];
  const hops = splitStages(
    [{ orderId: ORDER, kind: "limited", sentMs: 1_000, seenMs: 1_100 }],
    rows,
  );
  assert.deepEqual(hops[0], [10]);
  assert.deepEqual(hops[1], []);
  assert.deepEqual(hops[2], []);
  assert.deepEqual(hops[3], [5]);
});
