/**
 * Stripe.js for the card form when a publishable key is configured: the script is loaded
 * from https://js.stripe.com/v3 on demand (Stripe requires loading it from there), and only
 * the few calls checkout makes are typed here.
 * @module
 */

/** A mounted card field. */
export interface StripeCardElement {
  mount(selector: string | HTMLElement): void;
  destroy(): void;
}

/** The part of a Stripe.js instance checkout uses. */
export interface StripeClient {
  elements(): { create(type: "card", options?: Record<string, unknown>): StripeCardElement };
  createPaymentMethod(options: { type: "card"; card: StripeCardElement }): Promise<{
    paymentMethod?: { id: string };
    error?: { message?: string };
  }>;
  handleNextAction(options: { clientSecret: string }): Promise<{ error?: { message?: string } }>;
}

type StripeFactory = (publishableKey: string) => StripeClient;

const SCRIPT = "https://js.stripe.com/v3";
let loading: Promise<StripeClient> | null = null;

/** Loads Stripe.js once and returns a client for `publishableKey`. */
export function loadStripe(publishableKey: string): Promise<StripeClient> {
  loading ??= new Promise<StripeClient>((resolve, reject) => {
    const done = () => {
      const factory = (globalThis as { Stripe?: StripeFactory }).Stripe;
      if (factory) resolve(factory(publishableKey));
      else reject(new Error("Stripe.js did not load"));
    };
    if ((globalThis as { Stripe?: StripeFactory }).Stripe) return done();
    const script = document.createElement("script");
    script.src = SCRIPT;
    script.async = true;
    script.onload = done;
    script.onerror = () => {
      loading = null;
      reject(new Error("Stripe.js could not be loaded"));
    };
    document.head.appendChild(script);
  });
  return loading;
}

/** The test payment methods Stripe documents, offered when payments run in test mode. */
export const TEST_PAYMENT_METHODS: readonly { id: string; label: string }[] = [
  { id: "pm_card_visa", label: "Visa ending 4242" },
  { id: "pm_card_mastercard", label: "Mastercard ending 4444" },
  { id: "pm_card_chargeDeclined", label: "Declined card" },
  { id: "pm_card_chargeDeclinedInsufficientFunds", label: "Declined card: insufficient funds" },
];

/** Whether a publishable key is a test-mode one (or none is set: local payments). */
export const isTestMode = (publishableKey: string | null): boolean =>
  publishableKey === null || publishableKey.startsWith("pk_test_");
