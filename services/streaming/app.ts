/**
 * The streaming service: the control plane of live streams. MediaMTX carries the media; this
 * service decides what a stream is (scheduled, live, reconnecting, ended), who may publish
 * (the stream's key) and who may watch (playback tokens minted after the access check), and
 * hears the media server's hooks. It makes replays and listing thumbnails of the media
 * server's recordings. Building the app opens the access client and the blob store and starts
 * the grace sweeper and the replay builder; migrating, relaying the outbox and listening are
 * the runner's.
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { JSONWebKeySet } from "jose";
import { createTicketSigner, createVerifier } from "@marquee/auth";
import { type BlobStore, openBlobStore } from "@marquee/blob";
import { type MigrationSource, ping, type Sql } from "@marquee/db";
import { createService, type HealthCheck } from "@marquee/http";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import { type AccessClient, createAccessClient } from "@marquee/auth/access";
import { startLiveHub } from "@marquee/live";
import type { StreamingConfig } from "./config.ts";
import { startGraceSweeper } from "./jobs/grace_sweeper.ts";
import { startReplayBuilder } from "./jobs/replay_builder.ts";
import { createThumbnailer } from "./jobs/thumbnails.ts";
import { startMediaReconciler } from "./jobs/media_reconciler.ts";
import { createMediaApi } from "./media_api.ts";
import { startReminders } from "./jobs/reminders.ts";
import { PRESENCE_TOKEN_TTL_SEC, type RouteDeps } from "./routes/_deps.ts";
import { followsRoutes, internalFollowsRoutes } from "./routes/follows.ts";
import { adminRoutes } from "./routes/admin.ts";
import { healthRoutes } from "./routes/health.ts";
import { ingestRoutes } from "./routes/ingest.ts";
import { presenceRoutes } from "./routes/presence.ts";
import { streamEventsRoutes } from "./routes/stream_events.ts";
import { mediaRoutes } from "./routes/media.ts";
import { playbackRoutes } from "./routes/playback.ts";
import { publishRoutes } from "./routes/publish.ts";
import { recordingRoutes } from "./routes/recordings.ts";
import { replayRoutes } from "./routes/replays.ts";
import { streamsRoutes } from "./routes/streams.ts";
import { LIVE_CHANNEL } from "./viewers.ts";

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
  /** Where replays and thumbnails go, instead of the configured store; the caller closes it. */
  blobs?: BlobStore;
  /** LISTEN for live updates (a real Postgres server); by default when `DATABASE_URL` is set. */
  listen?: boolean;
}

/** The built app and what to call on shutdown. */
export interface StreamingApp {
  app: OpenAPIHono;
  close(): Promise<void>;
}

/** Builds the streaming app on a migrated database. */
export async function createStreamingApp(deps: StreamingAppDeps): Promise<StreamingApp> {
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
  const presenceTokens = createTicketSigner({
    secret: config.STREAM_TICKET_SECRET,
    issuer: "streaming",
    ttlSec: PRESENCE_TOKEN_TTL_SEC,
  });
  const access = deps.access ?? createAccessClient({
    baseUrl: config.UPSTREAM_SUBSCRIPTIONS,
    internalToken: config.INTERNAL_TOKEN,
    registry,
  });
  const hub = await startLiveHub({
    sql,
    channel: LIVE_CHANNEL,
    logger,
    listen: deps.listen ?? config.DATABASE_URL !== undefined,
  });
  const media = createMediaApi({ baseUrl: config.MEDIA_API_URL, registry });
  const eventStreams = new Set<() => void>();
  const routeDeps: RouteDeps = {
    sql,
    config,
    clock,
    verifier,
    tickets,
    presenceTokens,
    access,
    logger,
    registry,
    hub,
    eventStreams,
    media,
  };

  const blobs = deps.blobs ?? openBlobStore(config);
  // The catalog makes the shared bucket too; a build that meets no bucket is retried.
  await blobs.ensureBucket().catch((error) =>
    logger.warn("Blob bucket not ensured", { error: (error as Error).message })
  );
  const thumbnails = createThumbnailer({ sql, blobs, logger, clock, ffmpeg: config.FFMPEG_PATH });

  const checks = deps.checks ?? { database: () => ping(sql) };
  const { app } = createService({
    name: "streaming",
    logger,
    registry,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    checks,
  });
  // Draining waits for open requests; event streams would hold it to the deadline.
  const drainWatch = checks.listener &&
    setInterval(() => {
      checks.listener!().catch(() => {
        for (const end of [...eventStreams]) end();
      });
    }, 500);
  app.route("/api/streams", streamsRoutes(routeDeps));
  app.route("/api/streams", ingestRoutes(routeDeps));
  app.route("/api/streams", playbackRoutes(routeDeps));
  app.route("/api/streams", publishRoutes(routeDeps));
  app.route("/api/streams", replayRoutes(routeDeps, blobs));
  // Before the media routes, whose `/hooks/{event}` would refuse "segment".
  app.route("/internal/media", recordingRoutes(routeDeps, thumbnails));
  app.route("/api/streams", presenceRoutes(routeDeps));
  app.route("/api/streams", streamEventsRoutes(routeDeps));
  app.route("/api/streams", healthRoutes(routeDeps));
  app.route("/api/admin/streams", adminRoutes(routeDeps));
  app.route("/internal/media", mediaRoutes(routeDeps));
  app.route("/api/creators", followsRoutes(routeDeps));
  app.route("/internal/creators", internalFollowsRoutes(routeDeps));

  const sweeper = startGraceSweeper({
    sql,
    logger,
    clock,
    intervalMs: config.GRACE_SWEEP_INTERVAL_MS,
  });
  const reminders = startReminders({
    sql,
    logger,
    clock,
    intervalMs: config.REMINDER_INTERVAL_MS,
  });
  const reconciler = startMediaReconciler({
    sql,
    media,
    logger,
    clock,
    intervalMs: config.MEDIA_RECONCILE_INTERVAL_MS,
    graceMs: config.STREAM_RECONNECT_GRACE_SEC * 1000,
  });
  const replays = startReplayBuilder({
    sql,
    blobs,
    logger,
    registry,
    clock,
    recordingsDir: config.RECORDINGS_DIR,
    intervalMs: config.REPLAY_BUILD_INTERVAL_MS,
    ffmpeg: config.FFMPEG_PATH,
  });
  return {
    app,
    async close() {
      await replays.stop();
      await thumbnails.close();
      if (!deps.blobs) await blobs.close();
      if (drainWatch) clearInterval(drainWatch);
      for (const end of [...eventStreams]) end();
      await reconciler.stop();
      await hub.close();
      media.close();
      await sweeper.stop();
      await reminders.stop();
      if (!deps.access) access.close();
    },
  };
}
