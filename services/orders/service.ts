/**
 * The orders service as the runtime starts it: its environment, migrations, topics, app,
 * and the consumer of the saga's replies.
 * @module
 */
import { TOPICS } from "@marquee/contracts";
import { deadLetterTopic } from "@marquee/events";
import type { ServiceDefinition, ServiceDeps } from "@marquee/runtime";
import { createOrdersApp, ORDERS_MIGRATIONS, type OrdersApp } from "./app.ts";
import { type OrdersConfig, OrdersEnv } from "./config.ts";
import { sagaConsumer } from "./events/incoming.ts";

/** Topics the service publishes to. */
export const ORDERS_TOPICS = [TOPICS.orders, TOPICS.paymentCommands, TOPICS.entitlementCommands];
/** Topics the service consumes. */
export const ORDERS_CONSUMED = [TOPICS.payments, TOPICS.entitlements];

// The runner hands the same deps to `build` and `consumers`; the consumers need the app's saga.
const built = new WeakMap<ServiceDeps<OrdersConfig>, OrdersApp>();

/** The orders service definition. */
export const service: ServiceDefinition<typeof OrdersEnv> = {
  name: "orders",
  env: OrdersEnv,
  migrations: ORDERS_MIGRATIONS,
  topics: ORDERS_TOPICS,
  build: async (deps) => {
    // Consumers start after build; the topics they read must exist, even on a private bus.
    await deps.bus.ensureTopics(ORDERS_CONSUMED.flatMap((t) => [t, deadLetterTopic(t)]));
    const app = await createOrdersApp(deps);
    built.set(deps, app);
    return app;
  },
  consumers: (deps) => {
    const app = built.get(deps);
    if (!app) throw new Error("The orders app must be built before its consumers");
    return [sagaConsumer(app.executor)];
  },
};
