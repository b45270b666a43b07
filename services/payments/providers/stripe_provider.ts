/**
 * The Stripe adapter: a charge is a PaymentIntent created and confirmed in one call with the
 * order's idempotency key, a refund is a Refund of that intent. Card declines become failed
 * outcomes; everything that leaves the outcome unknown throws, so the caller retries.
 *
 * stripe-mock (the local stand-in at http://127.0.0.1:12111) is stateless: it never
 * declines, and answers every confirmation with a fixed fixture status. With
 * `emulateTestCards` on (config `STRIPE_MOCK_DECLINES`, on by default only for a loopback
 * API base) this adapter therefore declines `pm_card_chargeDeclined*` itself, without
 * calling the API, reads the authentication-requiring test cards as pending (settled later by
 * webhooks, as Stripe's `requires_action`) and every other confirmed intent as succeeded.
 * Against real Stripe
 * it is off, and Stripe's own answers decide.
 * @module
 */
import Stripe from "stripe";
import type { ChargeOutcome } from "../domain/payment.ts";
import { testCardDecline, testCardNeedsAction } from "../domain/test_cards.ts";
import type { ChargeRequest, PaymentProvider, RefundRequest, RefundResult } from "./provider.ts";

/** Options of {@linkcode createStripeProvider}. */
export interface StripeProviderOptions {
  secretKey: string;
  /** `https://api.stripe.com`, or stripe-mock's `http://127.0.0.1:12111`. */
  apiBase: string;
  emulateTestCards: boolean;
  timeoutMs?: number;
}

/** A Stripe client on `apiBase`, using fetch so it runs on Deno. */
export function createStripeClient(
  options: Pick<StripeProviderOptions, "secretKey" | "apiBase" | "timeoutMs">,
): Stripe {
  const base = new URL(options.apiBase);
  const protocol = base.protocol === "http:" ? "http" : "https";
  return new Stripe(options.secretKey, {
    httpClient: Stripe.createFetchHttpClient(),
    host: base.hostname,
    port: base.port ? Number(base.port) : protocol === "http" ? 80 : 443,
    protocol,
    timeout: options.timeoutMs ?? 10_000,
    // Safe: every request carries an idempotency key.
    maxNetworkRetries: 2,
  });
}

/** The decline code Stripe reports: the specific reason when it gives one. */
export function declineCode(error: { code?: string; decline_code?: string }): string {
  const specific = error.decline_code;
  return specific && specific !== "generic_decline" ? specific : error.code ?? "card_declined";
}

/** The outcome a confirmed PaymentIntent stands for. */
export function intentOutcome(
  intent:
    & Pick<Stripe.PaymentIntent, "id" | "status" | "last_payment_error">
    & Partial<Pick<Stripe.PaymentIntent, "client_secret">>,
): ChargeOutcome {
  switch (intent.status) {
    case "succeeded":
      return { status: "succeeded", providerPaymentId: intent.id };
    case "requires_payment_method":
    case "canceled": {
      const error = intent.last_payment_error;
      return {
        status: "failed",
        providerPaymentId: intent.id,
        code: error ? declineCode(error) : intent.status,
        message: error?.message ?? `Payment ${intent.status.replaceAll("_", " ")}`,
      };
    }
    case "requires_action":
      // The buyer must authenticate (3-D Secure) in the browser; a webhook tells how it ends.
      return {
        status: "pending",
        providerPaymentId: intent.id,
        ...(intent.client_secret ? { clientSecret: intent.client_secret } : {}),
      };
    default:
      // processing, ...: a webhook tells how it ends.
      return { status: "pending", providerPaymentId: intent.id };
  }
}

/** Creates the Stripe provider. */
export function createStripeProvider(options: StripeProviderOptions): PaymentProvider {
  const stripe = createStripeClient(options);
  return {
    name: "stripe",
    async charge(request: ChargeRequest): Promise<ChargeOutcome> {
      if (options.emulateTestCards) {
        const decline = testCardDecline(request.paymentMethod);
        if (decline) return { status: "failed", providerPaymentId: null, ...decline };
      }
      try {
        const intent = await stripe.paymentIntents.create({
          amount: request.amount.amount,
          currency: request.amount.currency.toLowerCase(),
          payment_method: request.paymentMethod,
          // Cards only, confirmed server-side: no redirect-based methods can leave it open.
          // (`payment_method_types` in API versions before 2026-10-28.)
          automatic_payment_methods: { enabled: false },
          allowed_payment_method_types: ["card"],
          confirm: true,
          metadata: { orderId: request.orderId, buyerId: request.buyerId },
        }, { idempotencyKey: request.idempotencyKey });
        if (options.emulateTestCards) {
          if (testCardNeedsAction(request.paymentMethod)) {
            return {
              status: "pending",
              providerPaymentId: intent.id,
              ...(intent.client_secret ? { clientSecret: intent.client_secret } : {}),
            };
          }
          return { status: "succeeded", providerPaymentId: intent.id };
        }
        return intentOutcome(intent);
      } catch (error) {
        if (error instanceof Stripe.errors.StripeCardError) {
          return {
            status: "failed",
            providerPaymentId: error.payment_intent?.id ?? null,
            code: declineCode(error),
            message: error.message,
          };
        }
        // A request Stripe refuses as such (unknown payment method, unsupported currency)
        // will be refused again: that is the payment's outcome, not a reason to retry.
        if (
          error instanceof Stripe.errors.StripeInvalidRequestError &&
          !(error instanceof Stripe.errors.StripeIdempotencyError)
        ) {
          return {
            status: "failed",
            providerPaymentId: error.payment_intent?.id ?? null,
            code: error.code ?? "invalid_request",
            message: error.message,
          };
        }
        throw error;
      }
    },
    async refund(request: RefundRequest): Promise<RefundResult> {
      const refund = await stripe.refunds.create({
        payment_intent: request.providerPaymentId,
        amount: request.amount.amount,
        metadata: { orderId: request.orderId },
      }, { idempotencyKey: request.idempotencyKey });
      return { refundId: refund.id };
    },
  };
}
