/**
 * The catalog service as the runtime starts it: its environment, migrations, topics,
 * app and the creators projection's consumer.
 * @module
 */
import { TOPICS } from "@marquee/contracts";
import type { ServiceDefinition } from "@marquee/runtime";
import { CATALOG_MIGRATIONS, createCatalogApp } from "./app.ts";
import { CatalogEnv } from "./config.ts";
import { creatorsConsumer } from "./events/incoming.ts";

/** The catalog service definition. */
export const service: ServiceDefinition<typeof CatalogEnv> = {
  name: "catalog",
  env: CatalogEnv,
  migrations: CATALOG_MIGRATIONS,
  topics: [TOPICS.catalogProducts, TOPICS.catalogInventory],
  build: async (deps) => ({ ...await createCatalogApp(deps), consumers: [creatorsConsumer()] }),
};
