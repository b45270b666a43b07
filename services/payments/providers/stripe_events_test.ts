import assert from "node:assert/strict";
import { readStripeEvent } from "./stripe_events.ts";
import { intentOutcome } from "./stripe_provider.ts";

const event = (type: string, object: unknown) => ({ type, data: { object } });

Deno.test("a succeeded intent is observed as succeeded, with our order id", () => {
  const read = readStripeEvent(
    event("payment_intent.succeeded", { id: "pi_1", metadata: { orderId: "o1" } }),
  );
  assert.deepEqual(read, {
    providerPaymentId: "pi_1",
    orderId: "o1",
    observed: { status: "succeeded" },
  });
});

Deno.test("a failed intent carries the specific decline code", () => {
  const read = readStripeEvent(event("payment_intent.payment_failed", {
    id: "pi_1",
    metadata: {},
    last_payment_error: {
      code: "card_declined",
      decline_code: "insufficient_funds",
      message: "Your card has insufficient funds.",
    },
  }));
  assert.deepEqual(read?.observed, {
    status: "failed",
    code: "insufficient_funds",
    message: "Your card has insufficient funds.",
  });
  assert.equal(read?.orderId, null);
});

Deno.test("only a fully refunded charge is observed as refunded", () => {
  const charge = { id: "ch_1", payment_intent: "pi_1", refunded: true, metadata: {} };
  assert.deepEqual(readStripeEvent(event("charge.refunded", charge))?.observed, {
    status: "refunded",
    refundId: "ch_1",
  });
  const listed = { ...charge, refunds: { data: [{ id: "re_2" }] } };
  assert.deepEqual(readStripeEvent(event("charge.refunded", listed))?.observed, {
    status: "refunded",
    refundId: "re_2",
  });
  assert.equal(readStripeEvent(event("charge.refunded", { ...charge, refunded: false })), null);
});

Deno.test("other events and odd payloads are ignored", () => {
  assert.equal(readStripeEvent(event("customer.created", { id: "cus_1" })), null);
  assert.equal(readStripeEvent(event("payment_intent.succeeded", { nope: true })), null);
});

Deno.test("a confirmed intent's status decides the charge outcome", () => {
  const base = { id: "pi_1", last_payment_error: null };
  assert.equal(intentOutcome({ ...base, status: "succeeded" }).status, "succeeded");
  assert.equal(intentOutcome({ ...base, status: "processing" }).status, "pending");
  assert.equal(intentOutcome({ ...base, status: "requires_action" }).status, "pending");
  // Authentication happens in the buyer's browser, which needs the intent's client secret.
  assert.deepEqual(
    intentOutcome({ ...base, status: "requires_action", client_secret: "pi_1_secret_2" }),
    { status: "pending", providerPaymentId: base.id, clientSecret: "pi_1_secret_2" },
  );
  const failed = intentOutcome({
    ...base,
    status: "requires_payment_method",
    last_payment_error: {
      type: "card_error",
      code: "card_declined",
      decline_code: "generic_decline",
      message: "Your card was declined.",
    },
  });
  assert.deepEqual(failed, {
    status: "failed",
    providerPaymentId: "pi_1",
    code: "card_declined",
    message: "Your card was declined.",
  });
});
