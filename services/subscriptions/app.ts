/**
 * The subscriptions service: who may use what. Entitlements are granted and revoked by the
 * saga's commands (`events/incoming.ts`); the API answers access checks (cached), lists the
 * buyer's library and sends owners to download URLs the catalog signs. Building the app
 * opens the cache and the catalog client; migrating, relaying the outbox, consuming and
 * listening are the runner's.
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { JSONWebKeySet } from "jose";
import { createVerifier } from "@marquee/auth";
import { type Cache, createMemoryCache, createRedisCache } from "@marquee/cache";
import { type MigrationSource, ping, type Sql } from "@marquee/db";
import { createService, type HealthCheck } from "@marquee/http";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import { type AccessChecker, createAccessChecker } from "./access.ts";
import { createCatalogClient } from "./catalog_client.ts";
import type { SubscriptionsConfig } from "./config.ts";
import type { RouteDeps } from "./routes/_deps.ts";
import { entitlementsRoutes } from "./routes/entitlements.ts";
import { internalRoutes } from "./routes/internal.ts";
import { libraryRoutes } from "./routes/library.ts";

/** The service's own tables, migrated after the kit's. */
export const SUBSCRIPTIONS_MIGRATIONS: MigrationSource = {
  name: "subscriptions",
  dir: new URL("./db/migrations/", import.meta.url),
};

/** What the subscriptions app is built from. */
export interface SubscriptionsAppDeps {
  sql: Sql;
  config: SubscriptionsConfig;
  logger: Logger;
  registry: Registry;
  /** Readiness checks; a database ping when absent. */
  checks?: Record<string, HealthCheck>;
  /** Verification keys held in process (tests); else fetched from `JWKS_URL`. */
  jwks?: JSONWebKeySet;
  /** A cache to use instead of the configured one; the caller closes it. */
  cache?: Cache;
}

/** The built app, the access checker the command consumer shares, and the shutdown. */
export interface SubscriptionsApp {
  app: OpenAPIHono;
  access: AccessChecker;
  close(): Promise<void>;
}

/** Builds the subscriptions app on a migrated database. */
export function createSubscriptionsApp(deps: SubscriptionsAppDeps): SubscriptionsApp {
  const { sql, config, logger, registry } = deps;
  const keys = deps.jwks ? { jwks: deps.jwks } : { jwksUrl: config.JWKS_URL };
  const verifier = createVerifier({
    ...keys,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const cache = deps.cache ??
    (config.ACCESS_CACHE === "redis"
      ? createRedisCache({ url: config.REDIS_URL, prefix: "subscriptions:", logger })
      : createMemoryCache({ prefix: "subscriptions:" }));
  const access = createAccessChecker({
    sql,
    cache,
    logger,
    ttlMs: config.ACCESS_CACHE_TTL_SEC * 1000,
  });
  const catalog = createCatalogClient({
    baseUrl: config.UPSTREAM_CATALOG,
    internalToken: config.INTERNAL_TOKEN,
    registry,
  });
  const routeDeps: RouteDeps = { sql, config, verifier, access, catalog, logger };

  const { app } = createService({
    name: "subscriptions",
    logger,
    registry,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    checks: deps.checks ?? { database: () => ping(sql) },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "internalToken", {
    type: "apiKey",
    in: "header",
    name: "x-internal-token",
  });
  app.route("/api/entitlements", entitlementsRoutes(routeDeps));
  app.route("/api/library", libraryRoutes(routeDeps));
  app.route("/internal", internalRoutes(routeDeps));
  return {
    app,
    access,
    async close() {
      catalog.close();
      if (!deps.cache) await cache.close();
    },
  };
}
