import assert from "node:assert/strict";
import type { OrderLine } from "@marquee/contracts";
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

const line = (productId: string, type: OrderLine["type"] = "course"): OrderLine => ({
  productId,
  title: `Product ${productId.slice(-1)}`,
  type,
  creatorId: "creator-1",
  quantity: 1,
  unitPrice: { amount: 1500, currency: "EUR" },
  licenceKeys: [],
});

const input = (holds: PlaceInput["holds"] = []): PlaceInput => ({
  orderId: ORDER,
  buyerId: BUYER,
  lines: [line(P1, "live_ticket"), line(P2)],
  paymentMethod: "pm_card_visa",
  holds,
});

/** Given the placed order and `messages`, the state they lead to. */
function given(holds: PlaceInput["holds"], ...messages: SagaMessage[]): SagaState {
  let state = place(input(holds), ctx).state;
  for (const m of messages) {
    const d = decide(state, m, ctx);
    assert.ok(d, `"${m.type}" was ignored in ${state.status}`);
    state = d.state;
  }
  return state;
}

const types = (d: Decision | null) => d?.outgoing.map((o) => o.type) ?? [];
const limited = [{ holdId: H1, productId: P1, quantity: 1 }];
const reserved: SagaMessage[] = [{ type: "start" }, { type: "hold.reserved", holdId: H1 }];
const paid: SagaMessage = { type: "payment.succeeded", paymentId: "pay_1" };
const committed: SagaMessage = { type: "hold.committed", holdId: H1, licenceKeys: ["K-1"] };

Deno.test("place: PENDING, announced, prices summed", () => {
  const d = place(input(limited), ctx);
  assert.equal(d.state.status, "PENDING");
  assert.deepEqual(types(d), ["order.placed"]);
  assert.deepEqual(d.state.total, { amount: 3000, currency: "EUR" });
  assert.deepEqual(nextWork(d.state), { kind: "start" });
});

Deno.test("happy path with a hold: reserve, pay, commit, grant, complete", () => {
  const start = decide(place(input(limited), ctx).state, { type: "start" }, ctx)!;
  assert.equal(start.state.status, "RESERVING");
  assert.equal(nextWork(start.state)?.kind, "reserve");

  const held = decide(start.state, { type: "hold.reserved", holdId: H1 }, ctx)!;
  assert.equal(held.state.status, "AWAITING_PAYMENT");
  assert.deepEqual(types(held), ["payment.capture"]);
  assert.deepEqual(held.timers.set, [{
    kind: "payment_timeout",
    dueAt: "2030-01-01T00:01:00.000Z",
  }]);
  const capture = held.outgoing[0]!;
  assert.equal(capture.type === "payment.capture" && capture.data.amount.amount, 3000);

  const succeeded = decide(held.state, paid, ctx)!;
  assert.equal(succeeded.state.status, "GRANTING");
  assert.deepEqual(succeeded.timers.clear, ["payment_timeout"]);
  assert.deepEqual(types(succeeded), []);
  assert.equal(nextWork(succeeded.state)?.kind, "commit");

  const commit = decide(succeeded.state, committed, ctx)!;
  assert.deepEqual(types(commit), ["entitlement.grant"]);
  const grant = commit.outgoing[0]!;
  assert.deepEqual(grant.type === "entitlement.grant" && grant.data.lines[0]!.licenceKeys, ["K-1"]);
  assert.deepEqual(commit.state.compensations, [
    { kind: "refund", paymentId: "pay_1" },
    { kind: "return_hold", holdId: H1 },
  ]);

  const done = decide(commit.state, { type: "entitlement.granted" }, ctx)!;
  assert.equal(done.state.status, "COMPLETED");
  assert.deepEqual(types(done), ["order.completed"]);
  assert.equal(nextWork(done.state), null);
});

Deno.test("no limited lines: straight to payment, grant on success", () => {
  const d = decide(given([]), { type: "start" }, ctx)!;
  assert.equal(d.state.status, "AWAITING_PAYMENT");
  const ok = decide(d.state, paid, ctx)!;
  assert.equal(ok.state.status, "GRANTING");
  assert.deepEqual(types(ok), ["entitlement.grant"]);
});

Deno.test("declined payment: holds released in reverse, then CANCELLED payment_declined", () => {
  const state = given(limited, ...reserved);
  const d = decide(
    state,
    { type: "payment.failed", code: "card_declined", message: "Declined" },
    ctx,
  )!;
  assert.equal(d.state.status, "CANCELLING");
  assert.equal(d.state.reason?.code, "payment_declined");
  assert.deepEqual(d.timers.clear, ["payment_timeout"]);
  assert.deepEqual(nextWork(d.state), { kind: "release", holdId: H1 });
  const released = decide(d.state, { type: "hold.released", holdId: H1 }, ctx)!;
  assert.equal(released.state.status, "CANCELLED");
  assert.deepEqual(types(released), ["order.cancelled"]);
});

Deno.test("sold out: CANCELLED sold_out, unconfirmed holds released", () => {
  const H2 = "aaaaaaaa-0000-4000-8000-000000000002";
  const holds = [...limited, { holdId: H2, productId: P2, quantity: 1 }];
  const state = given(holds, ...reserved);
  const d = decide(state, {
    type: "hold.refused",
    holdId: H2,
    code: "sold_out",
    message: "Sold out",
  }, ctx)!;
  assert.equal(d.state.reason?.code, "sold_out");
  // The confirmed hold first (reverse order), then the refused one in case it exists.
  assert.deepEqual(d.state.undo.map((u) => u.kind === "release_hold" && u.holdId), [H1, H2]);
  const one = decide(d.state, { type: "hold.released", holdId: H1 }, ctx)!;
  assert.equal(one.state.status, "CANCELLING");
  const two = decide(one.state, { type: "hold.released", holdId: H2 }, ctx)!;
  assert.equal(two.state.status, "CANCELLED");
});

Deno.test("grant failure: committed seats returned, then refund, CANCELLED grant_failed", () => {
  const state = given(limited, ...reserved, paid, committed);
  const d = decide(state, { type: "entitlement.grant_failed", message: "No" }, ctx)!;
  assert.equal(d.state.status, "CANCELLING");
  assert.equal(d.state.reason?.code, "grant_failed");
  assert.deepEqual(types(d), []);
  assert.deepEqual(nextWork(d.state), { kind: "return", holdId: H1 });
  // A release answer does not settle a return, nor does another hold's return.
  assert.equal(decide(d.state, { type: "hold.released", holdId: H1 }, ctx), null);
  assert.equal(decide(d.state, { type: "hold.returned", holdId: crypto.randomUUID() }, ctx), null);
  const returned = decide(d.state, { type: "hold.returned", holdId: H1 }, ctx)!;
  assert.equal(returned.state.status, "CANCELLED");
  assert.deepEqual(types(returned), ["payment.refund", "order.cancelled"]);
  assert.equal(returned.state.holds[0]!.status, "returned");
  assert.deepEqual(returned.state.lines[0]!.licenceKeys, [], "the keys went back to the pool");
  assert.equal(decide(returned.state, { type: "hold.returned", holdId: H1 }, ctx), null);
});

Deno.test("grant failure without holds: refund at once, CANCELLED", () => {
  const state = given([], { type: "start" }, paid);
  const d = decide(state, { type: "entitlement.grant_failed", message: "No" }, ctx)!;
  assert.equal(d.state.status, "CANCELLED");
  assert.deepEqual(types(d), ["payment.refund", "order.cancelled"]);
});

Deno.test("a return the catalog refuses ends the order FAILED after the refund", () => {
  const state = given(limited, ...reserved, paid, committed);
  const d = decide(state, { type: "entitlement.grant_failed", message: "No" }, ctx)!;
  const failed = decide(d.state, { type: "hold.return_failed", holdId: H1, message: "x" }, ctx)!;
  assert.equal(failed.state.status, "FAILED");
  assert.deepEqual(types(failed), ["payment.refund", "order.cancelled"]);
});

const completed = () =>
  given(limited, ...reserved, paid, committed, { type: "entitlement.granted" });
const requested: SagaMessage = { type: "refund.requested", reason: "Asked", requestedBy: BUYER };

Deno.test("refund requested: money back, access revoked, seat returned, then REFUNDED", () => {
  const d = decide(completed(), requested, ctx)!;
  assert.equal(d.state.status, "REFUNDING");
  assert.deepEqual(types(d), ["payment.refund", "entitlement.revoke"]);
  assert.deepEqual(d.timers.set, [{ kind: "refund_timeout", dueAt: "2030-01-01T00:15:00.000Z" }]);
  const refund = d.outgoing[0]!;
  assert.equal(refund.type === "payment.refund" && refund.data.paymentId, "pay_1");
  assert.equal(nextWork(d.state), null);
  // A second request, or a refund of another payment, changes nothing.
  assert.equal(decide(d.state, requested, ctx), null);
  assert.equal(decide(d.state, { type: "payment.refunded", paymentId: "pay_2" }, ctx), null);
  const revoked = decide(d.state, { type: "entitlement.revoked" }, ctx)!;
  assert.equal(revoked.state.status, "REFUNDING");
  assert.equal(decide(revoked.state, { type: "entitlement.revoked" }, ctx), null);
  const back = decide(revoked.state, { type: "payment.refunded", paymentId: "pay_1" }, ctx)!;
  // Money and access are back: the deadline is off and the ticket's seat goes back.
  assert.equal(back.state.status, "REFUNDING");
  assert.deepEqual(back.timers.clear, ["refund_timeout"]);
  assert.deepEqual(nextWork(back.state), { kind: "return", holdId: H1 });
  assert.equal(decide(back.state, { type: "timer", kind: "refund_timeout" }, ctx), null);
  const done = decide(back.state, { type: "hold.returned", holdId: H1 }, ctx)!;
  assert.equal(done.state.status, "REFUNDED");
  assert.equal(done.state.reason?.code, "refunded");
  assert.equal(done.state.reason?.message, "Asked");
  assert.deepEqual(done.state.holds.map((h) => h.status), ["returned"]);
  assert.deepEqual(types(done), []);
  assert.equal(nextWork(done.state), null);
  // A repeated answer of the catalog changes nothing.
  assert.equal(decide(done.state, { type: "hold.returned", holdId: H1 }, ctx), null);
  assert.equal(decide(done.state, { type: "payment.refunded", paymentId: "pay_1" }, ctx), null);
  assert.equal(decide(done.state, requested, ctx), null);
  assert.equal(decide(done.state, { type: "entitlement.granted" }, ctx), null);
});

Deno.test("a refund the provider reports revokes once; a later request changes nothing", () => {
  const d = decide(completed(), { type: "payment.refunded", paymentId: "pay_1" }, ctx)!;
  assert.equal(d.state.status, "REFUNDING");
  assert.deepEqual(types(d), ["entitlement.revoke"]);
  assert.equal(d.state.refund?.requestedBy, null);
  assert.equal(decide(d.state, { type: "payment.refunded", paymentId: "pay_1" }, ctx), null);
  assert.equal(decide(d.state, requested, ctx), null);
  const back = decide(d.state, { type: "entitlement.revoked" }, ctx)!;
  const done = decide(back.state, { type: "hold.returned", holdId: H1 }, ctx)!;
  assert.equal(done.state.status, "REFUNDED");
});

Deno.test("a refund keeps licence keys with the buyer and ends at once without seats", () => {
  const software = [{ holdId: H1, productId: P1, quantity: 1 }];
  let state = place({ ...input(software), lines: [line(P1, "software"), line(P2)] }, ctx).state;
  for (
    const m of [...reserved, paid, committed, { type: "entitlement.granted" }, requested, {
      type: "entitlement.revoked",
    }] as SagaMessage[]
  ) state = decide(state, m, ctx)!.state;
  const done = decide(state, { type: "payment.refunded", paymentId: "pay_1" }, ctx)!;
  assert.equal(done.state.status, "REFUNDED");
  assert.equal(nextWork(done.state), null, "no return: the keys stay sold");
  assert.deepEqual(done.state.lines[0]!.licenceKeys, ["K-1"]);
  assert.deepEqual(done.state.holds.map((h) => h.status), ["committed"]);
});

Deno.test("a seat the catalog will not take back still ends REFUNDED, the failure kept", () => {
  let state = decide(completed(), requested, ctx)!.state;
  state = decide(state, { type: "entitlement.revoked" }, ctx)!.state;
  state = decide(state, { type: "payment.refunded", paymentId: "pay_1" }, ctx)!.state;
  const d = decide(state, { type: "hold.return_failed", holdId: H1, message: "Held" }, ctx)!;
  assert.equal(d.state.status, "REFUNDED");
  assert.deepEqual(d.state.failures, [`Hold "${H1}": Held`]);
});

Deno.test("a refund not confirmed by its deadline ends FAILED refund_failed", () => {
  const short = { ...ctx, refundTimeoutMs: 2_000 };
  const d = decide(completed(), requested, short)!;
  assert.deepEqual(d.timers.set, [{ kind: "refund_timeout", dueAt: "2030-01-01T00:00:02.000Z" }]);
  const revoked = decide(d.state, { type: "entitlement.revoked" }, short)!.state;
  const failed = decide(revoked, { type: "timer", kind: "refund_timeout" }, short)!;
  assert.equal(failed.state.status, "FAILED");
  assert.equal(failed.state.reason?.code, "refund_failed");
  assert.match(failed.state.reason!.message, /not completed within 2000 ms/);
  assert.match(failed.state.reason!.message, /did not confirm the refund/);
  assert.doesNotMatch(failed.state.reason!.message, /revoked/);
  assert.deepEqual(types(failed), []);
  assert.equal(nextWork(failed.state), null);
  // A confirmation after the deadline, or the timer again, changes nothing.
  assert.equal(decide(failed.state, { type: "payment.refunded", paymentId: "pay_1" }, ctx), null);
  assert.equal(decide(failed.state, { type: "timer", kind: "refund_timeout" }, ctx), null);
  // Before a refund, the timer means nothing; the default deadline is 15 minutes.
  assert.equal(decide(completed(), { type: "timer", kind: "refund_timeout" }, ctx), null);
  const neither = decide(d.state, { type: "timer", kind: "refund_timeout" }, {
    ...ctx,
    refundTimeoutMs: undefined,
  })!;
  assert.match(neither.state.reason!.message, /within 15 min: .* and access was not/);
});

Deno.test("only a completed order is refunded", () => {
  const granting = given(limited, ...reserved, paid);
  assert.equal(decide(granting, requested, ctx), null);
  assert.equal(decide(granting, { type: "payment.refunded", paymentId: "pay_1" }, ctx), null);
  assert.equal(decide(granting, { type: "entitlement.revoked" }, ctx), null);
  const state = given(limited, ...reserved);
  const d = decide(state, { type: "payment.failed", code: "card_declined", message: "No" }, ctx)!;
  const cancelled = decide(d.state, { type: "hold.released", holdId: H1 }, ctx)!.state;
  assert.equal(decide(cancelled, requested, ctx), null);
  assert.equal(decide(completed(), { type: "payment.refunded", paymentId: "other" }, ctx), null);
});

Deno.test("commit failure: refund then release, CANCELLED sold_out", () => {
  const state = given(limited, ...reserved, paid);
  const d = decide(
    state,
    { type: "hold.commit_failed", holdId: H1, message: "Hold has expired" },
    ctx,
  )!;
  assert.deepEqual(types(d), ["payment.refund"]);
  assert.equal(d.state.status, "CANCELLING");
  const released = decide(d.state, { type: "hold.released", holdId: H1 }, ctx)!;
  assert.equal(released.state.status, "CANCELLED");
});

Deno.test("commit failure of one hold returns the hold already committed", () => {
  const H2 = "aaaaaaaa-0000-4000-8000-000000000002";
  const holds = [...limited, { holdId: H2, productId: P2, quantity: 1 }];
  const state = given(
    holds,
    { type: "start" },
    { type: "hold.reserved", holdId: H1 },
    { type: "hold.reserved", holdId: H2 },
    paid,
    committed,
  );
  const d = decide(state, { type: "hold.commit_failed", holdId: H2, message: "Expired" }, ctx)!;
  assert.deepEqual(nextWork(d.state), { kind: "return", holdId: H1 });
  const returned = decide(d.state, { type: "hold.returned", holdId: H1 }, ctx)!;
  assert.deepEqual(types(returned), ["payment.refund"]);
  assert.deepEqual(nextWork(returned.state), { kind: "release", holdId: H2 });
  const released = decide(returned.state, { type: "hold.released", holdId: H2 }, ctx)!;
  assert.equal(released.state.status, "CANCELLED");
});

Deno.test("payment timeout: CANCELLED payment_timeout; a late success is refunded once", () => {
  const state = given(limited, ...reserved);
  const d = decide(state, { type: "timer", kind: "payment_timeout" }, ctx)!;
  assert.equal(d.state.reason?.code, "payment_timeout");
  const cancelled = decide(d.state, { type: "hold.released", holdId: H1 }, ctx)!.state;
  assert.equal(cancelled.status, "CANCELLED");
  const late = decide(cancelled, paid, ctx)!;
  assert.deepEqual(types(late), ["payment.refund"]);
  assert.equal(late.state.status, "CANCELLED");
  assert.equal(decide(late.state, paid, ctx), null);
});

Deno.test("duplicates and replies for steps already passed are ignored", () => {
  const granting = given(limited, ...reserved, paid);
  assert.equal(decide(granting, paid, ctx), null);
  assert.equal(decide(granting, { type: "hold.reserved", holdId: H1 }, ctx), null);
  assert.equal(decide(granting, { type: "payment.failed", code: "x", message: "x" }, ctx), null);
  assert.equal(decide(granting, { type: "timer", kind: "payment_timeout" }, ctx), null);
  // Granted before the holds were committed cannot be: ignored.
  assert.equal(decide(granting, { type: "entitlement.granted" }, ctx), null);
  const done = given(limited, ...reserved, paid, committed, { type: "entitlement.granted" });
  assert.equal(decide(done, { type: "entitlement.granted" }, ctx), null);
  assert.equal(decide(done, { type: "entitlement.grant_failed", message: "late" }, ctx), null);
  assert.equal(decide(done, committed, ctx), null);
  assert.equal(decide(done, { type: "start" }, ctx), null);
});

Deno.test("a release the catalog refuses ends the order FAILED, still announced", () => {
  const state = given(limited, ...reserved);
  const d = decide(state, { type: "payment.failed", code: "card_declined", message: "No" }, ctx)!;
  const failed = decide(d.state, {
    type: "hold.release_failed",
    holdId: H1,
    message: "Hold is committed",
  }, ctx)!;
  assert.equal(failed.state.status, "FAILED");
  assert.deepEqual(types(failed), ["order.cancelled"]);
  assert.equal(failed.state.failures.length, 1);
});

Deno.test("every change bumps the version", () => {
  const state = given(limited, ...reserved, paid);
  assert.equal(state.version, 4);
});
