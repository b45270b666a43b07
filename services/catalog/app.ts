/**
 * The catalog service: products, their covers, files and licence keys, creators'
 * storefronts, and stock holds for checkouts. Building the app opens the blob store and
 * starts the hold and upload sweepers; migrating, relaying the outbox, consuming and
 * listening are the runner's.
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { JSONWebKeySet } from "jose";
import { createVerifier } from "@marquee/auth";
import { type BlobStore, localBlobRoutes, openBlobStore } from "@marquee/blob";
import { type MigrationSource, ping, type Sql } from "@marquee/db";
import { createService, type HealthCheck, HttpProblem } from "@marquee/http";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import { type AccessClient, createAccessClient } from "@marquee/auth/access";
import type { CatalogConfig } from "./config.ts";
import { startHoldSweeper } from "./jobs/hold_sweeper.ts";
import { startUploadSweeper } from "./jobs/upload_sweeper.ts";
import { creatorsRoutes } from "./routes/creators.ts";
import type { RouteDeps } from "./routes/_deps.ts";
import { internalRoutes } from "./routes/internal.ts";
import { discountsRoutes } from "./routes/discounts.ts";
import { inventoryRoutes } from "./routes/inventory.ts";
import { pricingRoutes } from "./routes/pricing.ts";
import { redemptionsRoutes } from "./routes/redemptions.ts";
import { licenceKeysRoutes } from "./routes/licence_keys.ts";
import { productEditingRoutes } from "./routes/product_editing.ts";
import { productLifecycleRoutes } from "./routes/product_lifecycle.ts";
import { productMediaRoutes } from "./routes/product_media.ts";
import { productsRoutes } from "./routes/products.ts";
import { reviewsRoutes } from "./routes/reviews.ts";
import { MAX_FILE_BYTES, UPLOAD_URL_TTL_SEC } from "./routes/_uploads.ts";

/** The service's own tables, migrated after the kit's. */
export const CATALOG_MIGRATIONS: MigrationSource = {
  name: "catalog",
  dir: new URL("./db/migrations/", import.meta.url),
};

/** What the catalog app is built from. */
export interface CatalogAppDeps {
  sql: Sql;
  config: CatalogConfig;
  logger: Logger;
  registry: Registry;
  clock?: () => Date;
  /** Readiness checks; a database ping when absent. The blob store's is added. */
  checks?: Record<string, HealthCheck>;
  /** Verification keys held in process (tests); else fetched from `JWKS_URL`. */
  jwks?: JSONWebKeySet;
  /** A blob store to use instead of the configured one; the caller closes it. */
  blobs?: BlobStore;
  /** Who owns what, instead of asking `UPSTREAM_SUBSCRIPTIONS`; the caller closes it. */
  access?: AccessClient;
}

/** The built app and what to call on shutdown. */
export interface CatalogApp {
  app: OpenAPIHono;
  close(): Promise<void>;
}

/** Builds the catalog app on a migrated database. */
export async function createCatalogApp(deps: CatalogAppDeps): Promise<CatalogApp> {
  const { sql, config, logger, registry, clock = () => new Date() } = deps;
  const blobs = deps.blobs ?? openBlobStore(config);
  await blobs.ensureBucket();
  const keys = deps.jwks ? { jwks: deps.jwks } : { jwksUrl: config.JWKS_URL };
  const verifier = createVerifier({
    ...keys,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const access = deps.access ?? createAccessClient({
    baseUrl: config.UPSTREAM_SUBSCRIPTIONS,
    internalToken: config.INTERNAL_TOKEN,
    registry,
  });
  const routeDeps: RouteDeps = { sql, config, clock, verifier, blobs, logger, access };

  // Local uploads come through this app, so the kit's body limit must let files pass;
  // the API keeps the configured limit.
  const serveBlobs = blobs.kind === "local";
  const { app } = createService({
    name: "catalog",
    logger,
    registry,
    bodyLimitBytes: serveBlobs ? MAX_FILE_BYTES : config.BODY_LIMIT_BYTES,
    checks: {
      ...(deps.checks ?? { database: () => ping(sql) }),
      blobs: () => blobs.ping(),
    },
  });
  if (serveBlobs) {
    app.use(
      "/api/*",
      bodyLimit({
        maxSize: config.BODY_LIMIT_BYTES,
        onError: () => {
          throw new HttpProblem(
            413,
            `Request body is larger than ${config.BODY_LIMIT_BYTES} bytes`,
          );
        },
      }),
    );
    app.route(
      "/blobs",
      localBlobRoutes({
        store: blobs,
        secret: config.BLOB_SIGNING_SECRET,
        maxBytes: MAX_FILE_BYTES,
      }),
    );
  }
  app.openAPIRegistry.registerComponent("securitySchemes", "internalToken", {
    type: "apiKey",
    in: "header",
    name: "x-internal-token",
  });
  app.route("/api/products", productsRoutes(routeDeps));
  app.route("/api/products", productEditingRoutes(routeDeps));
  app.route("/api/products", productLifecycleRoutes(routeDeps));
  app.route("/api/products", productMediaRoutes(routeDeps));
  app.route("/api/products", licenceKeysRoutes(routeDeps));
  app.route("/api/products", reviewsRoutes(routeDeps));
  app.route("/api/creators", creatorsRoutes(routeDeps));
  app.route("/api/inventory", inventoryRoutes(routeDeps));
  app.route("/api/products", pricingRoutes(routeDeps));
  app.route("/api/discounts", discountsRoutes(routeDeps));
  app.route("/api/redemptions", redemptionsRoutes(routeDeps));
  app.route("/internal", internalRoutes(routeDeps));

  const sweeper = startHoldSweeper({
    sql,
    logger,
    clock,
    intervalMs: config.HOLD_SWEEP_INTERVAL_MS,
  });
  const uploadSweeper = startUploadSweeper({
    sql,
    blobs,
    logger,
    clock,
    intervalMs: config.UPLOAD_SWEEP_INTERVAL_MS,
    // An upload may start just before its URL expires and take a while to finish.
    graceMs: (UPLOAD_URL_TTL_SEC + 3600) * 1000,
  });
  return {
    app,
    async close() {
      await uploadSweeper.stop();
      await sweeper.stop();
      if (!deps.blobs) await blobs.close();
      if (!deps.access) access.close();
    },
  };
}
