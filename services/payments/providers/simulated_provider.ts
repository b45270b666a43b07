/**
 * A deterministic stand-in for Stripe in embedded mode: Stripe's test payment methods behave
 * as Stripe documents (`pm_card_visa` pays, `pm_card_chargeDeclined*` decline, authentication
 * cards stay pending until a webhook), and ids are
 * derived from the idempotency key, so a repeated request answers the same as the first.
 * @module
 */
import type { ChargeOutcome } from "../domain/payment.ts";
import { testCardDecline, testCardNeedsAction } from "../domain/test_cards.ts";
import type { ChargeRequest, PaymentProvider, RefundRequest, RefundResult } from "./provider.ts";

async function idFrom(prefix: string, key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  const hex = Array.from(
    new Uint8Array(digest).slice(0, 12),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
  return `${prefix}_sim_${hex}`;
}

/** Creates the simulated provider. */
export function createSimulatedProvider(): PaymentProvider {
  return {
    name: "simulated",
    async charge(request: ChargeRequest): Promise<ChargeOutcome> {
      const providerPaymentId = await idFrom("pi", request.idempotencyKey);
      if (!request.paymentMethod.startsWith("pm_")) {
        return {
          status: "failed",
          providerPaymentId: null,
          code: "resource_missing",
          message: `No such PaymentMethod: '${request.paymentMethod}'`,
        };
      }
      const decline = testCardDecline(request.paymentMethod);
      if (decline) return { status: "failed", providerPaymentId, ...decline };
      // Waits for the buyer's authentication: a webhook settles it, as with Stripe.
      if (testCardNeedsAction(request.paymentMethod)) {
        const clientSecret = `${providerPaymentId}_secret_${await idFrom("s", providerPaymentId)}`;
        return { status: "pending", providerPaymentId, clientSecret };
      }
      return { status: "succeeded", providerPaymentId };
    },
    async refund(request: RefundRequest): Promise<RefundResult> {
      return { refundId: await idFrom("re", request.idempotencyKey) };
    },
  };
}
