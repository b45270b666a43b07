/**
 * Stripe's publishable key for the card form, from `STRIPE_PUBLISHABLE_KEY` in the edge's
 * environment. Unset (or not a publishable key), checkout offers Stripe's test payment
 * methods only, which the payments service charges through stripe-mock or its simulator.
 * @module
 */

const PUBLISHABLE = /^pk_(test|live)_[A-Za-z0-9]{8,}$/;

/** The configured publishable key, or null. */
export function stripePublishableKey(
  read: (name: string) => string | undefined = (name) => Deno.env.get(name),
): string | null {
  const key = read("STRIPE_PUBLISHABLE_KEY")?.trim();
  return key && PUBLISHABLE.test(key) ? key : null;
}
