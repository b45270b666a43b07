/**
 * What the route files need from the app.
 * @module
 */
import type { TicketSigner, Verifier } from "@marquee/auth";
import type { Sql } from "@marquee/db";
import type { LiveHub } from "@marquee/live";
import type { Logger } from "@marquee/log";
import type { CartStore } from "../carts.ts";
import type { CatalogClient } from "../catalog_client.ts";
import type { OrdersConfig } from "../config.ts";
import type { SagaExecutor } from "../jobs/saga_executor.ts";

/** Dependencies shared by every resource router. */
export interface RouteDeps {
  sql: Sql;
  config: OrdersConfig;
  clock: () => Date;
  verifier: Verifier;
  catalog: CatalogClient;
  carts: CartStore;
  executor: SagaExecutor;
  /** Wakes the live streams of an order when its view changes on any instance. */
  hub: LiveHub;
  tickets: TicketSigner;
  logger: Logger;
}
