/**
 * The subscriptions service as the runtime starts it: its environment, migrations, the
 * topic it answers on, the app and the consumer of the saga's entitlement commands.
 * @module
 */
import { TOPICS } from "@marquee/contracts";
import type { ServiceDefinition } from "@marquee/runtime";
import { createSubscriptionsApp, SUBSCRIPTIONS_MIGRATIONS } from "./app.ts";
import { SubscriptionsEnv } from "./config.ts";
import { entitlementCommandsConsumer } from "./events/incoming.ts";

/** The subscriptions service definition. */
export const service: ServiceDefinition<typeof SubscriptionsEnv> = {
  name: "subscriptions",
  env: SubscriptionsEnv,
  migrations: SUBSCRIPTIONS_MIGRATIONS,
  topics: [TOPICS.entitlements],
  build: (deps) => {
    const { app, access, close } = createSubscriptionsApp(deps);
    // The consumer writes access answers into the very cache the app reads.
    const consumers = [entitlementCommandsConsumer({ access, logger: deps.logger })];
    return Promise.resolve({ app, consumers, close });
  },
};
