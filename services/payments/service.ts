/**
 * The payments service as the runtime starts it: its environment, migrations, the topic it
 * answers on, the app and the consumer of the saga's payment commands.
 * @module
 */
import { TOPICS } from "@marquee/contracts";
import type { ServiceDefinition } from "@marquee/runtime";
import { createPaymentsApp, PAYMENTS_MIGRATIONS } from "./app.ts";
import { PaymentsEnv } from "./config.ts";
import { paymentCommandsConsumer } from "./events/incoming.ts";
import { openProvider } from "./providers/mod.ts";

/** The payments service definition. */
export const service: ServiceDefinition<typeof PaymentsEnv> = {
  name: "payments",
  env: PaymentsEnv,
  migrations: PAYMENTS_MIGRATIONS,
  topics: [TOPICS.payments],
  build: (deps) => {
    deps.logger.info("Payment provider", {
      provider: deps.config.PAYMENT_PROVIDER,
      ...(deps.config.PAYMENT_PROVIDER === "stripe"
        ? { apiBase: deps.config.STRIPE_API_BASE, mockDeclines: deps.config.STRIPE_MOCK_DECLINES }
        : {}),
    });
    const { app } = createPaymentsApp(deps);
    const provider = openProvider(deps.config);
    return Promise.resolve({
      app,
      consumers: [paymentCommandsConsumer({ provider, logger: deps.logger })],
    });
  },
};
