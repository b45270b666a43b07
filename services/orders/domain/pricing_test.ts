import assert from "node:assert/strict";
import type { OrderLine } from "@marquee/contracts";
import { formatMoney, orderTotals, unitPrice } from "./pricing.ts";
import {
  decide,
  type Decision,
  nextWork,
  place,
  type PlaceInput,
  type SagaContext,
  type SagaMessage,
  type SagaState,
} from "./saga.ts";

const ORDER = "6f1d7a52-3a43-4d3c-9d51-1c1f0d6b1a01";
const BUYER = "0b6a1f0e-7f0a-4f57-8a55-0d7c3c1d2e02";
const P1 = "1a2b3c4d-0000-4000-8000-000000000001";
const P2 = "1a2b3c4d-0000-4000-8000-000000000002";
const H1 = "aaaaaaaa-0000-4000-8000-000000000001";
const ctx: SagaContext = { now: new Date("2030-01-01T00:00:00Z"), paymentTimeoutMs: 60_000 };

const line = (productId: string, amount: number, discount = 0): OrderLine => ({
  productId,
  title: `Product ${productId.slice(-1)}`,
  type: "course",
  creatorId: "creator-1",
  quantity: 1,
  unitPrice: { amount, currency: "USD" },
  discount,
  licenceKeys: [],
});
const order = (lines: OrderLine[], patch: Partial<PlaceInput> = {}): PlaceInput => ({
  orderId: ORDER,
  buyerId: BUYER,
  lines,
  paymentMethod: "pm_card_visa",
  holds: [],
  ...patch,
});
const types = (d: Decision | null) => d?.outgoing.map((o) => o.type) ?? [];

function run(state: SagaState, ...messages: SagaMessage[]): SagaState {
  for (const m of messages) {
    const d = decide(state, m, ctx);
    assert.ok(d, `"${m.type}" was ignored in ${state.status}`);
    state = d.state;
  }
  return state;
}

Deno.test("unit price: fixed prices ignore an amount; pay-what-you-want keeps the minimum", () => {
  const fixed = { title: "Zine", price: { amount: 500, currency: "USD" }, payWhatYouWant: null };
  assert.deepEqual(unitPrice(fixed, 9), { ok: true, price: { amount: 500, currency: "USD" } });
  const pwyw = { ...fixed, payWhatYouWant: { suggestedAmount: 800 } };
  assert.deepEqual(unitPrice(pwyw, 1200), { ok: true, price: { amount: 1200, currency: "USD" } });
  assert.deepEqual(unitPrice(pwyw, undefined), {
    ok: true,
    price: { amount: 800, currency: "USD" },
  });
  assert.deepEqual(unitPrice(pwyw, 499), { ok: false, message: 'Pay at least $5.00 for "Zine"' });
  // A minimum of 0 names a fair price: 0 is fine.
  const fair = { ...pwyw, price: { amount: 0, currency: "JPY" } };
  assert.deepEqual(unitPrice(fair, 0), { ok: true, price: { amount: 0, currency: "JPY" } });
  assert.equal(formatMoney({ amount: 500, currency: "JPY" }), "¥500");
});

Deno.test("totals: subtotal − discount = total, in minor units, never below 0", () => {
  assert.deepEqual(orderTotals([line(P1, 1000, 250), { ...line(P2, 300, 0), quantity: 2 }]), {
    subtotal: { amount: 1600, currency: "USD" },
    discount: { amount: 250, currency: "USD" },
    total: { amount: 1350, currency: "USD" },
  });
  // A share larger than its line is capped at the line.
  assert.equal(orderTotals([line(P1, 100, 900)]).total.amount, 0);
});

Deno.test("a free order takes no payment: it grants at once and completes", () => {
  const placed = place(order([line(P1, 0)], { paymentMethod: "" }), ctx);
  const started = decide(placed.state, { type: "start" }, ctx)!;
  assert.equal(started.state.status, "GRANTING");
  assert.deepEqual(types(started), ["entitlement.grant"]);
  assert.deepEqual(started.timers, { set: [], clear: [] });
  const done = decide(started.state, { type: "entitlement.granted" }, ctx)!;
  assert.equal(done.state.status, "COMPLETED");
  const completed = done.outgoing[0]!;
  assert.equal(completed.type === "order.completed" && completed.data.paymentId, "");
});

Deno.test("a free order with a seat commits the hold before granting", () => {
  const placed = place(
    order([line(P1, 0)], { holds: [{ holdId: H1, productId: P1, quantity: 1 }] }),
    ctx,
  );
  const held = run(placed.state, { type: "start" }, { type: "hold.reserved", holdId: H1 });
  assert.equal(held.status, "GRANTING");
  assert.deepEqual(nextWork(held)?.kind, "commit");
});

Deno.test("a code is redeemed first, then the discounted total is charged", () => {
  const placed = place(
    order([line(P1, 1000, 200), line(P2, 500, 100)], { discountCode: "SPRING" }),
    ctx,
  );
  assert.deepEqual(placed.state.total, { amount: 1200, currency: "USD" });
  const announced = placed.outgoing[0]!;
  assert.ok(announced.type === "order.placed");
  assert.deepEqual(announced.data.discount, {
    code: "SPRING",
    amount: { amount: 300, currency: "USD" },
  });
  assert.deepEqual(announced.data.subtotal, { amount: 1500, currency: "USD" });

  const started = run(placed.state, { type: "start" });
  assert.equal(started.status, "RESERVING");
  assert.equal(nextWork(started)?.kind, "redeem");
  const redeemed = decide(started, {
    type: "discount.redeemed",
    lines: [{ productId: P1, discount: 200 }, { productId: P2, discount: 100 }],
  }, ctx)!;
  assert.equal(redeemed.state.status, "AWAITING_PAYMENT");
  const capture = redeemed.outgoing[0]!;
  assert.equal(capture.type === "payment.capture" && capture.data.amount.amount, 1200);
  assert.deepEqual(redeemed.state.compensations, [{ kind: "release_discount" }]);
  // A duplicate answer changes nothing.
  assert.equal(decide(redeemed.state, { type: "discount.redeemed", lines: [] }, ctx), null);
});

Deno.test("a refused code cancels the order naming why; nothing to give back", () => {
  const placed = place(order([line(P1, 1000, 200)], { discountCode: "SPRING" }), ctx);
  const d = decide(run(placed.state, { type: "start" }), {
    type: "discount.refused",
    message: 'Code "SPRING" has been used up',
  }, ctx)!;
  assert.equal(d.state.status, "CANCELLED");
  assert.deepEqual(d.state.reason, {
    code: "discount_unavailable",
    message: 'Code "SPRING" has been used up',
  });
  assert.deepEqual(types(d), ["order.cancelled"]);
});

Deno.test("a declined card releases the redeemed code (compensation), then cancels", () => {
  const placed = place(order([line(P1, 1000, 200)], { discountCode: "SPRING" }), ctx);
  const waiting = run(placed.state, { type: "start" }, {
    type: "discount.redeemed",
    lines: [{ productId: P1, discount: 200 }],
  });
  const declined = decide(
    waiting,
    { type: "payment.failed", code: "card_declined", message: "" },
    ctx,
  )!;
  assert.equal(declined.state.status, "CANCELLING");
  assert.deepEqual(nextWork(declined.state), { kind: "release_discount" });
  const released = decide(declined.state, { type: "discount.released" }, ctx)!;
  assert.equal(released.state.status, "CANCELLED");
  assert.equal(released.state.discount?.status, "released");
  assert.deepEqual(types(released), ["order.cancelled"]);
});

Deno.test("a discount that changed between preview and redemption is given back", () => {
  const placed = place(order([line(P1, 1000, 200)], { discountCode: "SPRING" }), ctx);
  const d = decide(run(placed.state, { type: "start" }), {
    type: "discount.redeemed",
    lines: [{ productId: P1, discount: 100 }],
  }, ctx)!;
  assert.equal(d.state.status, "CANCELLING");
  assert.equal(d.state.reason?.code, "discount_unavailable");
  assert.deepEqual(nextWork(d.state), { kind: "release_discount" });
});

Deno.test("a code that makes the order free skips the payment", () => {
  const placed = place(order([line(P1, 1000, 1000)], { discountCode: "GIFT" }), ctx);
  const d = decide(run(placed.state, { type: "start" }), {
    type: "discount.redeemed",
    lines: [{ productId: P1, discount: 1000 }],
  }, ctx)!;
  assert.equal(d.state.status, "GRANTING");
  assert.deepEqual(types(d), ["entitlement.grant"]);
});
