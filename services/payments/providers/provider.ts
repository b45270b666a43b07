/**
 * The payment provider port. A charge either answers with an outcome (declines included)
 * or throws when the outcome is unknown (network, provider outage, bad credentials): the
 * consumer then retries with the same idempotency key, so the provider never charges twice.
 * @module
 */
import type { Money } from "@marquee/contracts";
import type { ChargeOutcome } from "../domain/payment.ts";

/** A charge to make and confirm at once. */
export interface ChargeRequest {
  orderId: string;
  buyerId: string;
  amount: Money;
  /** A provider payment method id such as `pm_card_visa`. */
  paymentMethod: string;
  /** The same for every attempt at this order's charge. */
  idempotencyKey: string;
}

/** A full refund of a charge. */
export interface RefundRequest {
  orderId: string;
  providerPaymentId: string;
  amount: Money;
  idempotencyKey: string;
}

/** What a refund produced. */
export interface RefundResult {
  refundId: string;
}

/** A payment provider: Stripe, or the simulated one for embedded mode. */
export interface PaymentProvider {
  readonly name: "stripe" | "simulated";
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  refund(request: RefundRequest): Promise<RefundResult>;
}

/** The provider idempotency key of an order's charge. */
export function chargeKey(orderId: string): string {
  return `marquee-order-${orderId}-charge`;
}

/** The provider idempotency key of an order's refund. */
export function refundKey(orderId: string): string {
  return `marquee-order-${orderId}-refund`;
}
