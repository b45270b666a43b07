import assert from "node:assert/strict";
import { testCardDecline } from "./test_cards.ts";

Deno.test("the visa test card pays", () => {
  assert.equal(testCardDecline("pm_card_visa"), null);
  assert.equal(testCardDecline("pm_card_mastercard"), null);
});

Deno.test("declining test cards decline with Stripe's codes", () => {
  assert.equal(testCardDecline("pm_card_chargeDeclined")?.code, "card_declined");
  assert.equal(
    testCardDecline("pm_card_chargeDeclinedInsufficientFunds")?.code,
    "insufficient_funds",
  );
  assert.equal(testCardDecline("pm_card_chargeDeclinedExpiredCard")?.code, "expired_card");
  assert.equal(testCardDecline("pm_card_chargeDeclinedSomethingNew")?.code, "card_declined");
});
