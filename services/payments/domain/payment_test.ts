import assert from "node:assert/strict";
import {
  type ChargeOutcome,
  decide,
  fold,
  type Observation,
  type PaymentCommand,
  type PaymentState,
  planCapture,
  planRefund,
} from "./payment.ts";

const T0 = new Date("2030-01-01T00:00:00Z");
const T1 = new Date("2030-01-01T00:01:00Z");
const EUR = { amount: 4900, currency: "EUR" };

const charge = (outcome: ChargeOutcome): PaymentCommand => ({
  type: "record_charge",
  paymentId: "pay-1",
  orderId: "order-1",
  buyerId: "buyer-1",
  amount: EUR,
  provider: "simulated",
  outcome,
  at: T0,
});
const observe = (observed: Observation): PaymentCommand => ({ type: "observe", observed, at: T1 });
const refund: PaymentCommand = { type: "record_refund", refundId: "re_1", at: T1 };

/** Given commands applied in order, the state they lead to. */
function given(...commands: PaymentCommand[]): PaymentState {
  return commands.reduce<PaymentState>((s, c) => fold(s, decide(c, s)), null);
}
const types = (command: PaymentCommand, state: PaymentState) =>
  decide(command, state).map((e) => e.type);

const paid = charge({ status: "succeeded", providerPaymentId: "pi_1" });
const pending = charge({ status: "pending", providerPaymentId: "pi_1" });
const declined = charge({
  status: "failed",
  providerPaymentId: "pi_1",
  code: "card_declined",
  message: "Your card was declined.",
});

Deno.test("a first charge starts the payment with its outcome", () => {
  assert.deepEqual(types(paid, null), ["started", "succeeded"]);
  assert.deepEqual(types(declined, null), ["started", "failed"]);
  assert.deepEqual(types(pending, null), ["started"]);
  const state = given(declined);
  assert.equal(state?.status, "failed");
  assert.deepEqual(state?.failure, { code: "card_declined", message: "Your card was declined." });
});

Deno.test("a second charge for the order changes nothing", () => {
  assert.deepEqual(decide(paid, given(paid)), []);
  assert.deepEqual(decide(paid, given(declined)), []);
});

Deno.test("a capture is planned only for an order without a payment", () => {
  assert.deepEqual(planCapture(null, EUR), { kind: "charge" });
  const skip = planCapture(given(paid), EUR);
  assert.equal(skip.kind, "skip");
  const other = planCapture(given(paid), { amount: 1, currency: "EUR" });
  assert.ok(other.kind === "skip" && /another amount/.test(other.reason));
});

Deno.test("a refund is planned only for a succeeded payment", () => {
  assert.equal(planRefund(given(paid)).kind, "refund");
  assert.equal(planRefund(null).kind, "skip");
  assert.equal(planRefund(given(declined)).kind, "skip");
  assert.equal(planRefund(given(paid, refund)).kind, "skip");
});

Deno.test("a refund of a succeeded payment is decided once", () => {
  const state = given(paid);
  assert.deepEqual(types(refund, state), ["refunded"]);
  const refunded = given(paid, refund);
  assert.equal(refunded?.status, "refunded");
  assert.equal(refunded?.refundId, "re_1");
  assert.deepEqual(decide(refund, refunded), []);
  assert.deepEqual(decide(refund, given(declined)), []);
});

Deno.test("a webhook settles a pending payment", () => {
  assert.deepEqual(types(observe({ status: "succeeded" }), given(pending)), ["succeeded"]);
  const failed = observe({ status: "failed", code: "insufficient_funds", message: "No funds" });
  assert.deepEqual(types(failed, given(pending)), ["failed"]);
});

Deno.test("a webhook never moves a payment backward", () => {
  const succeeded = observe({ status: "succeeded" });
  const failed = observe({ status: "failed", code: "card_declined", message: "Declined" });
  assert.deepEqual(decide(succeeded, given(paid)), []);
  assert.deepEqual(decide(failed, given(paid)), []);
  assert.deepEqual(decide(succeeded, given(declined)), []);
  assert.deepEqual(decide(succeeded, given(paid, refund)), []);
  assert.deepEqual(decide(failed, given(paid, refund)), []);
  assert.deepEqual(decide(succeeded, null), []);
});

Deno.test("a refund webhook before the refund command's answer is decided once", () => {
  const webhook = observe({ status: "refunded", refundId: "re_1" });
  assert.deepEqual(types(webhook, given(paid)), ["refunded"]);
  const state = given(paid, webhook);
  assert.deepEqual(decide(refund, state), []);
  assert.deepEqual(decide(webhook, state), []);
  assert.equal(planRefund(state).kind, "skip");
});

Deno.test("a refund webhook for a pending payment settles it, then refunds it", () => {
  const webhook = observe({ status: "refunded", refundId: "re_1" });
  assert.deepEqual(types(webhook, given(pending)), ["succeeded", "refunded"]);
  assert.deepEqual(decide(webhook, given(declined)), []);
});
