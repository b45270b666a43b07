/**
 * The notifications service as the runtime starts it: its environment, migrations, app,
 * and the consumer of user, order and payment events. It publishes no events.
 * @module
 */
import { TOPICS } from "@marquee/contracts";
import { deadLetterTopic } from "@marquee/events";
import type { ServiceDefinition, ServiceDeps } from "@marquee/runtime";
import { createNotificationsApp, NOTIFICATIONS_MIGRATIONS, type NotificationsApp } from "./app.ts";
import { type NotificationsConfig, NotificationsEnv } from "./config.ts";

/** The topics the consumer reads. */
export const CONSUMED_TOPICS = [TOPICS.users, TOPICS.orders, TOPICS.payments];

// `consumers` runs after `build` with the same deps and needs the app's hub and sender.
const built = new WeakMap<ServiceDeps<NotificationsConfig>, NotificationsApp>();

/** The notifications service definition. */
export const service: ServiceDefinition<typeof NotificationsEnv> = {
  name: "notifications",
  env: NotificationsEnv,
  migrations: NOTIFICATIONS_MIGRATIONS,
  topics: [],
  build: async (deps) => {
    // The consumed topics (and their dead-letter companions) must exist, even when this
    // service runs alone on its own in-process bus.
    await deps.bus.ensureTopics(CONSUMED_TOPICS.flatMap((t) => [t, deadLetterTopic(t)]));
    const app = createNotificationsApp(deps);
    built.set(deps, app);
    return app;
  },
  consumers: (deps) => {
    const app = built.get(deps);
    if (!app) throw new Error("The notifications app must be built before its consumer");
    return [app.consumer()];
  },
};
