/**
 * Stripe webhook signatures: verifying a delivery on its raw body, and signing a payload the
 * way Stripe does (for tests and for replaying events locally).
 * @module
 */
import Stripe from "stripe";

const cryptoProvider = Stripe.createSubtleCryptoProvider();

/** The event in `rawBody` if `signature` (the `stripe-signature` header) verifies it; else throws. */
export function verifyStripeEvent(
  rawBody: string,
  signature: string,
  secret: string,
): Promise<Stripe.Event> {
  return Stripe.webhooks.constructEventAsync(rawBody, signature, secret, undefined, cryptoProvider);
}

/** A `stripe-signature` header value for `payload`, signed now with `secret`. */
export function signStripePayload(payload: string, secret: string): Promise<string> {
  // The synchronous variant needs Node's crypto; this runtime's provider is Web Crypto.
  return Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret, cryptoProvider });
}
