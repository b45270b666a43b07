/**
 * Where a checkout's time goes: each completed order's path split into hops, from the
 * buyer's clock (POST sent, end seen) and the outbox rows each step wrote (written and
 * published times). Every process runs on this machine, so the clocks agree.
 * @module
 */
import type { OutboxRow } from "./_pg_stats.ts";

/** What the stage split needs of an order. */
export interface TimedOrder {
  orderId: string;
  kind: string;
  /** Epoch ms when the POST was sent and when the end was read. */
  sentMs: number;
  seenMs: number;
}

type Point = "sent" | "seen" | `${string}.${"created" | "published"}`;

/** The hops, in order: label and the two points it spans. */
export const HOPS: ReadonlyArray<readonly [string, Point, Point]> = [
  ["POST sent → order written (edge, token, catalog price check)", "sent", "order.placed.created"],
  [
    "→ payment.capture published (orders relay; limited: hold reserved first)",
    "order.placed.created",
    "payment.capture.published",
  ],
  [
    "→ payment.succeeded written (Kafka, payments consumer, stripe-mock)",
    "payment.capture.published",
    "payment.succeeded.created",
  ],
  ["→ published (payments relay)", "payment.succeeded.created", "payment.succeeded.published"],
  [
    "→ entitlement.grant written (Kafka, orders saga; limited: hold committed)",
    "payment.succeeded.published",
    "entitlement.grant.created",
  ],
  ["→ published (orders relay)", "entitlement.grant.created", "entitlement.grant.published"],
  [
    "→ entitlement.granted written (Kafka, subscriptions consumer)",
    "entitlement.grant.published",
    "entitlement.granted.created",
  ],
  [
    "→ published (subscriptions relay)",
    "entitlement.granted.created",
    "entitlement.granted.published",
  ],
  [
    "→ order.completed written (Kafka, orders saga)",
    "entitlement.granted.published",
    "order.completed.created",
  ],
  [
    "→ COMPLETED read by the buyer (NOTIFY, read model, SSE)",
    "order.completed.created",
    "seen",
  ],
];

/** Durations in ms of each hop over `orders`, in the order of {@linkcode HOPS}. */
export function splitStages(orders: TimedOrder[], rows: OutboxRow[]): number[][] {
  const points = new Map<string, Map<Point, number>>();
  for (const o of orders) {
    points.set(o.orderId, new Map<Point, number>([["sent", o.sentMs], ["seen", o.seenMs]]));
  }
  for (const r of rows) {
    const map = points.get(r.subject);
    if (!map) continue;
    // A redelivered step writes no second row; the first row of a type is the step.
    const created = `${r.type}.created` as Point;
    if (!map.has(created) || map.get(created)! > r.createdMs) map.set(created, r.createdMs);
    if (r.publishedMs !== null) {
      const published = `${r.type}.published` as Point;
      if (!map.has(published) || map.get(published)! > r.publishedMs) {
        map.set(published, r.publishedMs);
      }
    }
  }
  return HOPS.map(([, from, to]) =>
    [...points.values()].flatMap((map) => {
      const a = map.get(from);
      const b = map.get(to);
      return a === undefined || b === undefined ? [] : [b - a];
    })
  );
}
