import assert from "node:assert/strict";
import { endMessage, isFinal, itemCount, statusLabel } from "./orders.ts";

Deno.test("order end: a declined card reads clearly and says nothing was charged", () => {
  assert.equal(
    endMessage({
      status: "CANCELLED",
      reason: { code: "payment_declined", message: "Your card was declined." },
    }),
    "Your card was declined. You have not been charged.",
  );
  assert.equal(
    endMessage({
      status: "CANCELLED",
      reason: { code: "payment_declined", message: "Your card has insufficient funds." },
    }),
    "Your card has insufficient funds. You have not been charged.",
  );
});

Deno.test("order end: every reason has its own words; running and completed orders none", () => {
  const codes = ["payment_timeout", "sold_out", "product_unavailable", "grant_failed", "refunded"];
  const messages = codes.map((code) =>
    endMessage({ status: "CANCELLED", reason: { code, message: "x" } })
  );
  assert.equal(new Set(messages).size, codes.length);
  assert.match(endMessage({ status: "CANCELLED", reason: null })!, /not been charged/);
  assert.match(endMessage({ status: "FAILED", reason: null })!, /refunded/);
  assert.match(
    endMessage({ status: "FAILED", reason: { code: "refund_failed", message: "x" } })!,
    /refund has not been confirmed/,
  );
  assert.match(endMessage({ status: "REFUNDED", reason: null })!, /refunded/);
  assert.equal(endMessage({ status: "COMPLETED", reason: null }), null);
  assert.equal(endMessage({ status: "AWAITING_PAYMENT", reason: null }), null);
});

Deno.test("order status: labels and final states", () => {
  assert.equal(statusLabel("COMPLETED"), "Complete");
  assert.ok(isFinal({ status: "CANCELLED" }));
  assert.ok(!isFinal({ status: "GRANTING" }));
  assert.equal(itemCount([{ quantity: 2 }, { quantity: 1 }]), "3 items");
  assert.equal(itemCount([{ quantity: 1 }]), "1 item");
});

Deno.test("a code used up before the order went through is named, and nothing charged", () => {
  const message = endMessage({
    status: "CANCELLED",
    reason: { code: "discount_unavailable", message: 'Code "SPRING" has been used up' },
  });
  assert.equal(
    message,
    'Code "SPRING" has been used up. You have not been charged. Your cart is kept: try again without it.',
  );
});
