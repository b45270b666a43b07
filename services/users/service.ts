/**
 * The users service as the runtime starts it: its environment, migrations, topics and app.
 * @module
 */
import { TOPICS } from "@marquee/contracts";
import type { ServiceDefinition } from "@marquee/runtime";
import { createUsersApp, USERS_MIGRATIONS } from "./app.ts";
import { UsersEnv } from "./config.ts";

/** The users service definition. */
export const service: ServiceDefinition<typeof UsersEnv> = {
  name: "users",
  env: UsersEnv,
  migrations: USERS_MIGRATIONS,
  topics: [TOPICS.users, TOPICS.accountMail],
  build: (deps) => createUsersApp(deps),
};
