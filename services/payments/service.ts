/**
 * The payments service as the runtime starts it: its environment, migrations, the topic it
 * answers on, the app and the consumer of the saga's payment commands.
 * @module
 */
import { TOPICS } from "@marquee/contracts";
import { deadLetterTopic } from "@marquee/events";
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
  build: async (deps) => {
    // Consumers start after build; the topic they read (and its dead-letter companion) must
    // exist, even when this service runs alone on its own in-process bus.
    const commands = TOPICS.paymentCommands;
    await deps.bus.ensureTopics([commands, deadLetterTopic(commands)]);
    deps.logger.info("Payment provider", {
      provider: deps.config.PAYMENT_PROVIDER,
      ...(deps.config.PAYMENT_PROVIDER === "stripe"
        ? { apiBase: deps.config.STRIPE_API_BASE, mockDeclines: deps.config.STRIPE_MOCK_DECLINES }
        : {}),
    });
    return createPaymentsApp(deps);
  },
  consumers: (deps) => [
    paymentCommandsConsumer({ provider: openProvider(deps.config), logger: deps.logger }),
  ],
};
