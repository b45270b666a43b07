/**
 * The streaming service as the runtime starts it: its environment, migrations, the topic
 * it publishes stream events on, and the app.
 * @module
 */
import { TOPICS } from "@marquee/contracts";
import type { ServiceDefinition } from "@marquee/runtime";
import { createStreamingApp, STREAMING_MIGRATIONS } from "./app.ts";
import { StreamingEnv } from "./config.ts";

/** The streaming service definition. */
export const service: ServiceDefinition<typeof StreamingEnv> = {
  name: "streaming",
  env: StreamingEnv,
  migrations: STREAMING_MIGRATIONS,
  topics: [TOPICS.streams],
  build: async (deps) => ({ ...(await createStreamingApp(deps)), consumers: [] }),
};
