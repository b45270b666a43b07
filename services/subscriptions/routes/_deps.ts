/**
 * What the route files need from the app.
 * @module
 */
import type { Verifier } from "@marquee/auth";
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import type { AccessChecker } from "../access.ts";
import type { CatalogClient } from "../catalog_client.ts";
import type { SubscriptionsConfig } from "../config.ts";

/** Dependencies shared by every resource router. */
export interface RouteDeps {
  sql: Sql;
  config: SubscriptionsConfig;
  verifier: Verifier;
  access: AccessChecker;
  catalog: CatalogClient;
  logger: Logger;
}
