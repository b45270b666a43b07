/**
 * What the route files need from the app.
 * @module
 */
import type { Verifier } from "@marquee/auth";
import type { BlobStore } from "@marquee/blob";
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import type { AccessClient } from "@marquee/auth/access";
import type { CatalogConfig } from "../config.ts";

/** Dependencies shared by every resource router. */
export interface RouteDeps {
  sql: Sql;
  config: CatalogConfig;
  clock: () => Date;
  verifier: Verifier;
  blobs: BlobStore;
  logger: Logger;
  /** Who owns what, asked of the subscriptions service. */
  access: AccessClient;
}
