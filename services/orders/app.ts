/**
 * The orders service: carts, orders and the checkout saga that orchestrates catalog holds,
 * payments and entitlements. Building the app opens the cart store and the catalog client,
 * starts the saga's timer loop (which resumes open sagas) and the live hub that wakes the
 * order streams of every instance; migrating, relaying the outbox, consuming and listening are the runner's.
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { JSONWebKeySet } from "jose";
import { createTicketSigner, createVerifier } from "@marquee/auth";
import { type Cache, createMemoryCache, createRedisCache } from "@marquee/cache";
import { type MigrationSource, ping, type Sql } from "@marquee/db";
import { createService, type HealthCheck } from "@marquee/http";
import { type LiveHub, startLiveHub } from "@marquee/live";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import { type CartStore, createCartStore } from "./carts.ts";
import { createCatalogClient } from "./catalog_client.ts";
import type { OrdersConfig } from "./config.ts";
import { createSagaExecutor, type SagaExecutor } from "./jobs/saga_executor.ts";
import { startTimerLoop } from "./jobs/timer_loop.ts";
import { VIEWS_CHANNEL } from "./db/views.ts";
import { cartRoutes } from "./routes/cart.ts";
import type { RouteDeps } from "./routes/_deps.ts";
import { orderEventsRoutes } from "./routes/order_events.ts";
import { ordersRoutes } from "./routes/orders.ts";
import { receiptRoutes } from "./routes/receipts.ts";
import { refundRoutes } from "./routes/refunds.ts";
import { salesRoutes } from "./routes/sales.ts";

/** The service's own tables, migrated after the kit's. */
export const ORDERS_MIGRATIONS: MigrationSource = {
  name: "orders",
  dir: new URL("./db/migrations/", import.meta.url),
};

/** What the orders app is built from. */
export interface OrdersAppDeps {
  sql: Sql;
  config: OrdersConfig;
  logger: Logger;
  registry: Registry;
  clock?: () => Date;
  /** Readiness checks; a database ping when absent. The cart store's is added. */
  checks?: Record<string, HealthCheck>;
  /** Verification keys held in process (tests); else fetched from `JWKS_URL`. */
  jwks?: JSONWebKeySet;
  /** A cache for carts instead of the configured one; the caller closes it. */
  cache?: Cache;
  /**
   * Whether the pool may LISTEN for order changes (a real Postgres server); else the live
   * streams' orders are polled. Defaults to whether `DATABASE_URL` is set.
   */
  listen?: boolean;
}

/** The built app, the saga's parts the consumers need, and what to call on shutdown. */
export interface OrdersApp {
  app: OpenAPIHono;
  executor: SagaExecutor;
  /** Wakes this instance's order streams on every instance's changes. */
  hub: LiveHub;
  /** Buyers' carts, emptied of an order's lines when it completes. */
  carts: CartStore;
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

/** Builds the orders app on a migrated database. */
export async function createOrdersApp(deps: OrdersAppDeps): Promise<OrdersApp> {
  const { sql, config, logger, registry, clock = () => new Date() } = deps;
  const keys = deps.jwks ? { jwks: deps.jwks } : { jwksUrl: config.JWKS_URL };
  const verifier = createVerifier({
    ...keys,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const cache = deps.cache ??
    (config.CART_STORE === "redis"
      ? createRedisCache({ url: config.REDIS_URL, prefix: "orders:", logger })
      : createMemoryCache({ prefix: "orders:" }));
  const carts = createCartStore(cache, { ttlMs: config.CART_TTL_DAYS * DAY_MS });
  const catalog = createCatalogClient({
    baseUrl: config.UPSTREAM_CATALOG,
    internalToken: config.INTERNAL_TOKEN,
    registry,
    logger,
    holdTtlSec: config.HOLD_TTL_SEC,
  });
  const executor = createSagaExecutor({
    sql,
    catalog,
    logger,
    clock,
    paymentTimeoutMs: config.PAYMENT_TIMEOUT_MS,
    refundTimeoutMs: config.REFUND_TIMEOUT_MS,
  });
  const hub = await startLiveHub({
    sql,
    channel: VIEWS_CHANNEL,
    logger,
    listen: deps.listen ?? config.DATABASE_URL !== undefined,
  });
  const tickets = createTicketSigner({ secret: config.STREAM_TICKET_SECRET, issuer: "orders" });
  const routeDeps: RouteDeps = {
    sql,
    config,
    clock,
    verifier,
    catalog,
    carts,
    executor,
    hub,
    tickets,
    logger,
  };

  const { app } = createService({
    name: "orders",
    logger,
    registry,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    checks: { ...(deps.checks ?? { database: () => ping(sql) }), carts: () => cache.ping() },
  });
  app.route("/api/cart", cartRoutes(routeDeps));
  app.route("/api/orders", orderEventsRoutes(routeDeps));
  app.route("/api/orders", ordersRoutes(routeDeps));
  app.route("/api/orders", refundRoutes(routeDeps));
  app.route("/api/orders", receiptRoutes(routeDeps));
  app.route("/api/sales", salesRoutes(routeDeps));

  const timers = startTimerLoop({
    sql,
    executor,
    logger,
    clock,
    intervalMs: config.TIMER_INTERVAL_MS,
    retryAfterMs: config.RETRY_AFTER_MS,
  });
  return {
    app,
    executor,
    hub,
    carts,
    async close() {
      await timers.stop();
      await executor.stop();
      await hub.close();
      catalog.close();
      if (!deps.cache) await cache.close();
    },
  };
}
