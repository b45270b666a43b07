/**
 * The subscriptions service as the runtime starts it: its environment, migrations, the
 * topic it answers on, the app and the consumer of the saga's entitlement commands.
 * @module
 */
import { TOPICS } from "@marquee/contracts";
import { deadLetterTopic } from "@marquee/events";
import type { ServiceDefinition } from "@marquee/runtime";
import type { AccessChecker } from "./access.ts";
import { createSubscriptionsApp, SUBSCRIPTIONS_MIGRATIONS } from "./app.ts";
import { SubscriptionsEnv } from "./config.ts";
import { entitlementCommandsConsumer } from "./events/incoming.ts";

// The runner hands the same deps to `build` and `consumers`: the consumer must write access
// answers into the very cache the app reads (the in-process one exists once per app).
const accessByDeps = new WeakMap<object, AccessChecker>();

/** The subscriptions service definition. */
export const service: ServiceDefinition<typeof SubscriptionsEnv> = {
  name: "subscriptions",
  env: SubscriptionsEnv,
  migrations: SUBSCRIPTIONS_MIGRATIONS,
  topics: [TOPICS.entitlements],
  build: async (deps) => {
    // Consumers start after build; the topic they read (and its dead-letter companion) must
    // exist, even when this service runs alone on its own in-process bus.
    const commands = TOPICS.entitlementCommands;
    await deps.bus.ensureTopics([commands, deadLetterTopic(commands)]);
    const built = createSubscriptionsApp(deps);
    accessByDeps.set(deps, built.access);
    return built;
  },
  consumers: (deps) => {
    const access = accessByDeps.get(deps);
    if (!access) throw new Error("The subscriptions app must be built before its consumers");
    return [entitlementCommandsConsumer({ access, logger: deps.logger })];
  },
};
