/**
 * What the route files need from the app.
 * @module
 */
import type { Verifier } from "@marquee/auth";
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import type { PaymentsConfig } from "../config.ts";

/** Dependencies shared by every resource router. */
export interface RouteDeps {
  sql: Sql;
  config: PaymentsConfig;
  clock: () => Date;
  verifier: Verifier;
  logger: Logger;
}
