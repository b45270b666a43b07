/**
 * What a verified Stripe webhook event says about one of our payments. Only the events that
 * move a payment are read; the payload is checked for the few fields used, so an event of
 * another API version or another integration on the account is ignored, not an error.
 * @module
 */
import { z } from "zod";
import type { Observation } from "../domain/payment.ts";
import { declineCode } from "./stripe_provider.ts";

/** An observation about the payment a provider id names. */
export interface StripeObservation {
  providerPaymentId: string;
  /** Our order id from the intent's metadata: set only on intents this service created. */
  orderId: string | null;
  observed: Observation;
}

const Metadata = z.record(z.string(), z.string()).nullish();

const Intent = z.object({
  id: z.string().min(1),
  metadata: Metadata,
  last_payment_error: z.object({
    code: z.string().nullish(),
    decline_code: z.string().nullish(),
    message: z.string().nullish(),
  }).nullish(),
});

const Charge = z.object({
  id: z.string().min(1),
  payment_intent: z.union([z.string(), z.object({ id: z.string() })]).nullish(),
  refunded: z.boolean(),
  metadata: Metadata,
  refunds: z.object({ data: z.array(z.object({ id: z.string() })) }).nullish(),
});

/** The observation in `event`, or `null` when it is not about a payment's outcome. */
export function readStripeEvent(
  event: { type: string; data: { object: unknown } },
): StripeObservation | null {
  switch (event.type) {
    case "payment_intent.succeeded":
    case "payment_intent.payment_failed":
    case "payment_intent.canceled": {
      const parsed = Intent.safeParse(event.data.object);
      if (!parsed.success) return null;
      const intent = parsed.data;
      const error = intent.last_payment_error;
      const observed: Observation = event.type === "payment_intent.succeeded"
        ? { status: "succeeded" }
        : {
          status: "failed",
          code: error
            ? declineCode({
              code: error.code ?? undefined,
              decline_code: error.decline_code ?? undefined,
            })
            : "canceled",
          message: error?.message ?? "The payment was canceled",
        };
      return { providerPaymentId: intent.id, orderId: intent.metadata?.orderId ?? null, observed };
    }
    case "charge.refunded": {
      const parsed = Charge.safeParse(event.data.object);
      // A partial refund (made outside the saga) does not make the payment refunded.
      if (!parsed.success || !parsed.data.refunded || !parsed.data.payment_intent) return null;
      const charge = parsed.data;
      const intent = charge.payment_intent!;
      return {
        providerPaymentId: typeof intent === "string" ? intent : intent.id,
        orderId: charge.metadata?.orderId ?? null,
        // Recent API versions leave `refunds` out of the charge; the charge id then stands in.
        observed: { status: "refunded", refundId: charge.refunds?.data[0]?.id ?? charge.id },
      };
    }
    default:
      return null;
  }
}
