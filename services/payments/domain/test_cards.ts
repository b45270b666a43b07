/**
 * Stripe's declining test payment methods and the decline each one produces, and the test
 * cards that need the buyer's authentication (the intent waits in `requires_action` and a
 * webhook tells how it ends), as Stripe documents them. The simulated provider answers with these, and so does the Stripe adapter
 * when it talks to stripe-mock (which never declines).
 * @module
 */
import type { Failure } from "./payment.ts";

const DECLINE_PREFIX = "pm_card_chargeDeclined";

const DECLINES: Record<string, Failure> = {
  pm_card_chargeDeclined: { code: "card_declined", message: "Your card was declined." },
  pm_card_chargeDeclinedInsufficientFunds: {
    code: "insufficient_funds",
    message: "Your card has insufficient funds.",
  },
  pm_card_chargeDeclinedLostCard: { code: "lost_card", message: "Your card was declined." },
  pm_card_chargeDeclinedStolenCard: { code: "stolen_card", message: "Your card was declined." },
  pm_card_chargeDeclinedExpiredCard: { code: "expired_card", message: "Your card has expired." },
  pm_card_chargeDeclinedIncorrectCvc: {
    code: "incorrect_cvc",
    message: "Your card's security code is incorrect.",
  },
  pm_card_chargeDeclinedProcessingError: {
    code: "processing_error",
    message: "An error occurred while processing your card. Try again in a little bit.",
  },
};

/** The decline a test payment method produces, or `null` for one that pays. */
export function testCardDecline(paymentMethod: string): Failure | null {
  if (!paymentMethod.startsWith(DECLINE_PREFIX)) return null;
  return DECLINES[paymentMethod] ?? DECLINES.pm_card_chargeDeclined!;
}

const NEEDS_ACTION = new Set([
  "pm_card_threeDSecure2Required",
  "pm_card_threeDSecureRequired",
  "pm_card_authenticationRequired",
]);

/** Whether a test payment method waits for authentication, leaving the payment pending. */
export function testCardNeedsAction(paymentMethod: string): boolean {
  return NEEDS_ACTION.has(paymentMethod);
}
