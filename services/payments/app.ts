/**
 * The payments service: the order's payment (`GET /api/payments/{orderId}`) and Stripe's
 * webhooks. Charging and refunding happen in the command consumer (`events/incoming.ts`);
 * migrating, relaying the outbox, consuming and listening are the runner's.
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { JSONWebKeySet } from "jose";
import { createVerifier } from "@marquee/auth";
import { type MigrationSource, ping, type Sql } from "@marquee/db";
import { createService, type HealthCheck } from "@marquee/http";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import type { PaymentsConfig } from "./config.ts";
import type { RouteDeps } from "./routes/_deps.ts";
import { paymentsRoutes } from "./routes/payments.ts";
import { webhookRoutes } from "./routes/webhooks.ts";

/** The service's own tables, migrated after the kit's. */
export const PAYMENTS_MIGRATIONS: MigrationSource = {
  name: "payments",
  dir: new URL("./db/migrations/", import.meta.url),
};

/** What the payments app is built from. */
export interface PaymentsAppDeps {
  sql: Sql;
  config: PaymentsConfig;
  logger: Logger;
  registry: Registry;
  clock?: () => Date;
  /** Readiness checks; a database ping when absent. */
  checks?: Record<string, HealthCheck>;
  /** Verification keys held in process (tests); else fetched from `JWKS_URL`. */
  jwks?: JSONWebKeySet;
}

/** Builds the payments app on a migrated database. */
export function createPaymentsApp(deps: PaymentsAppDeps): { app: OpenAPIHono } {
  const { sql, config, logger, registry, clock = () => new Date() } = deps;
  const keys = deps.jwks ? { jwks: deps.jwks } : { jwksUrl: config.JWKS_URL };
  const verifier = createVerifier({
    ...keys,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const routeDeps: RouteDeps = { sql, config, clock, verifier, logger };
  const { app } = createService({
    name: "payments",
    logger,
    registry,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    checks: deps.checks ?? { database: () => ping(sql) },
  });
  app.route("/api/payments/webhooks", webhookRoutes(routeDeps));
  app.route("/api/payments", paymentsRoutes(routeDeps));
  return { app };
}
