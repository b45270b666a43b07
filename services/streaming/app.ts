/**
 * The streaming service: the control plane of live streams. MediaMTX carries the media; this
 * service decides what a stream is (scheduled, live, reconnecting, ended), who may publish
 * (the stream's key) and who may watch (playback tokens minted after the access check), and
 * hears the media server's hooks. Building the app opens the access client and starts the
 * grace sweeper; migrating, relaying the outbox and listening are the runner's.
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { JSONWebKeySet } from "jose";
import { createTicketSigner, createVerifier } from "@marquee/auth";
import { type MigrationSource, ping, type Sql } from "@marquee/db";
import { createService, type HealthCheck } from "@marquee/http";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import { type AccessClient, createAccessClient } from "@marquee/auth/access";
import type { StreamingConfig } from "./config.ts";
import { startGraceSweeper } from "./jobs/grace_sweeper.ts";
import type { RouteDeps } from "./routes/_deps.ts";
import { ingestRoutes } from "./routes/ingest.ts";
import { mediaRoutes } from "./routes/media.ts";
import { playbackRoutes } from "./routes/playback.ts";
import { streamsRoutes } from "./routes/streams.ts";

/** The service's own tables, migrated after the kit's. */
export const STREAMING_MIGRATIONS: MigrationSource = {
  name: "streaming",
  dir: new URL("./db/migrations/", import.meta.url),
};

/** What the streaming app is built from. */
export interface StreamingAppDeps {
  sql: Sql;
  config: StreamingConfig;
  logger: Logger;
  registry: Registry;
  clock?: () => Date;
  /** Readiness checks; a database ping when absent. */
  checks?: Record<string, HealthCheck>;
  /** Verification keys held in process (tests); else fetched from `JWKS_URL`. */
  jwks?: JSONWebKeySet;
  /** Who holds what, instead of asking `UPSTREAM_SUBSCRIPTIONS`; the caller closes it. */
  access?: AccessClient;
}

/** The built app and what to call on shutdown. */
export interface StreamingApp {
  app: OpenAPIHono;
  close(): Promise<void>;
}

/** Builds the streaming app on a migrated database. */
export function createStreamingApp(deps: StreamingAppDeps): StreamingApp {
  const { sql, config, logger, registry, clock = () => new Date() } = deps;
  const keys = deps.jwks ? { jwks: deps.jwks } : { jwksUrl: config.JWKS_URL };
  const verifier = createVerifier({
    ...keys,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const tickets = createTicketSigner({
    secret: config.STREAM_TICKET_SECRET,
    issuer: "streaming",
    ttlSec: config.PLAYBACK_TOKEN_TTL_SEC,
  });
  const access = deps.access ?? createAccessClient({
    baseUrl: config.UPSTREAM_SUBSCRIPTIONS,
    internalToken: config.INTERNAL_TOKEN,
    registry,
  });
  const routeDeps: RouteDeps = { sql, config, clock, verifier, tickets, access, logger, registry };

  const { app } = createService({
    name: "streaming",
    logger,
    registry,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    checks: deps.checks ?? { database: () => ping(sql) },
  });
  app.route("/api/streams", streamsRoutes(routeDeps));
  app.route("/api/streams", ingestRoutes(routeDeps));
  app.route("/api/streams", playbackRoutes(routeDeps));
  app.route("/internal/media", mediaRoutes(routeDeps));

  const sweeper = startGraceSweeper({
    sql,
    logger,
    clock,
    intervalMs: config.GRACE_SWEEP_INTERVAL_MS,
  });
  return {
    app,
    async close() {
      await sweeper.stop();
      if (!deps.access) access.close();
    },
  };
}
