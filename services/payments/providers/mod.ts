/**
 * The payment provider the configuration names.
 * @module
 */
import type { PaymentsConfig } from "../config.ts";
import type { PaymentProvider } from "./provider.ts";
import { createSimulatedProvider } from "./simulated_provider.ts";
import { createStripeProvider } from "./stripe_provider.ts";

export * from "./provider.ts";
export { createSimulatedProvider } from "./simulated_provider.ts";
export { createStripeProvider } from "./stripe_provider.ts";

/** Opens the configured provider: Stripe (or stripe-mock), or the simulated one. */
export function openProvider(config: PaymentsConfig): PaymentProvider {
  switch (config.PAYMENT_PROVIDER) {
    case "simulated":
      return createSimulatedProvider();
    case "stripe":
      return createStripeProvider({
        secretKey: config.STRIPE_SECRET_KEY,
        apiBase: config.STRIPE_API_BASE,
        emulateTestCards: config.STRIPE_MOCK_DECLINES,
        timeoutMs: config.STRIPE_TIMEOUT_MS,
      });
    default: {
      const never: never = config.PAYMENT_PROVIDER;
      throw new Error(`Unknown payment provider "${never}"`);
    }
  }
}
