/**
 * The orders service as the runtime starts it: its environment, migrations, topics, app,
 * the consumer of the saga's replies, the one that empties carts of completed orders and the
 * projection of people's display names.
 * @module
 */
import { TOPICS } from "@marquee/contracts";
import type { ServiceDefinition } from "@marquee/runtime";
import { createOrdersApp, ORDERS_MIGRATIONS } from "./app.ts";
import { OrdersEnv } from "./config.ts";
import { cartConsumer, namesConsumer, sagaConsumer } from "./events/incoming.ts";

/** Topics the service publishes to. */
export const ORDERS_TOPICS = [TOPICS.orders, TOPICS.paymentCommands, TOPICS.entitlementCommands];
/** Topics the service consumes. */
export const ORDERS_CONSUMED = [
  TOPICS.payments,
  TOPICS.entitlements,
  TOPICS.orders,
  TOPICS.users,
];

/** The orders service definition. */
export const service: ServiceDefinition<typeof OrdersEnv> = {
  name: "orders",
  env: OrdersEnv,
  migrations: ORDERS_MIGRATIONS,
  topics: ORDERS_TOPICS,
  build: async (deps) => {
    const { app, executor, carts, close } = await createOrdersApp(deps);
    return {
      app,
      consumers: [sagaConsumer(executor), cartConsumer(carts), namesConsumer()],
      close,
    };
  },
};
