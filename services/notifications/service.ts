/**
 * The notifications service as the runtime starts it: its environment, migrations, app,
 * and the consumer of user, order, payment and stream events. It publishes no events.
 * @module
 */
import { TOPICS } from "@marquee/contracts";
import type { ServiceDefinition } from "@marquee/runtime";
import { createNotificationsApp, NOTIFICATIONS_MIGRATIONS } from "./app.ts";
import { NotificationsEnv } from "./config.ts";

/** The topics the consumer reads. */
export const CONSUMED_TOPICS = [
  TOPICS.users,
  TOPICS.accountMail,
  TOPICS.orders,
  TOPICS.payments,
  TOPICS.streams,
];

/** The notifications service definition. */
export const service: ServiceDefinition<typeof NotificationsEnv> = {
  name: "notifications",
  env: NotificationsEnv,
  migrations: NOTIFICATIONS_MIGRATIONS,
  topics: [],
  build: async (deps) => {
    const { app, consumer, close } = await createNotificationsApp(deps);
    return { app, consumers: [consumer()], close };
  },
};
