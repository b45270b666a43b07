import assert from "node:assert/strict";
import { testCardDecline, testCardNeedsAction } from "./test_cards.ts";

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

Deno.test("authentication test cards wait for a webhook; others do not", () => {
  assert.equal(testCardNeedsAction("pm_card_threeDSecure2Required"), true);
  assert.equal(testCardNeedsAction("pm_card_authenticationRequired"), true);
  assert.equal(testCardNeedsAction("pm_card_visa"), false);
  assert.equal(testCardNeedsAction("pm_card_chargeDeclined"), false);
  assert.equal(testCardDecline("pm_card_threeDSecure2Required"), null);
});
