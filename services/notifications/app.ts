/**
 * The notifications service: in-app notifications with a live stream, preferences, and
 * emails queued by the consumer and delivered by the sender loop; live alerts ask the streaming
 * and subscriptions services who follows and who holds a ticket. Building the app opens
 * the mailer, starts the sender and the live hub that wakes the streams of every instance;
 * migrating, consuming and listening are the runner's.
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { JSONWebKeySet } from "jose";
import { createTicketSigner, createVerifier } from "@marquee/auth";
import type { ConsumerOptions } from "@marquee/events";
import { type MigrationSource, ping, type Sql } from "@marquee/db";
import { createService, type HealthCheck } from "@marquee/http";
import { type LiveHub, startLiveHub } from "@marquee/live";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import { type AudienceClient, createAudienceClient } from "./audience_client.ts";
import type { NotificationsConfig } from "./config.ts";
import { NOTIFICATIONS_CHANNEL } from "./db/notifications.ts";
import { notificationsConsumer } from "./events/incoming.ts";
import { type EmailSender, startEmailSender } from "./jobs/email_sender.ts";
import { createAfterCommit } from "./live/after_commit.ts";
import type { Mailer } from "./mail/mailer.ts";
import { createMemoryMailer, type MemoryMailer } from "./mail/memory_mailer.ts";
import { createSmtpMailer } from "./mail/smtp_mailer.ts";
import type { RouteDeps } from "./routes/_deps.ts";
import { devMailRoutes } from "./routes/dev_mail.ts";
import { notificationsRoutes } from "./routes/notifications.ts";
import { preferencesRoutes } from "./routes/preferences.ts";
import { streamRoutes } from "./routes/stream.ts";

/** The service's own tables, migrated after the kit's. */
export const NOTIFICATIONS_MIGRATIONS: MigrationSource = {
  name: "notifications",
  dir: new URL("./db/migrations/", import.meta.url),
};

/** What the notifications app is built from. */
export interface NotificationsAppDeps {
  sql: Sql;
  config: NotificationsConfig;
  logger: Logger;
  registry: Registry;
  clock?: () => Date;
  /** Readiness checks; a database ping when absent. `listener` ends open streams on drain. */
  checks?: Record<string, HealthCheck>;
  /** Verification keys held in process (tests); else fetched from `JWKS_URL`. */
  jwks?: JSONWebKeySet;
  /** A mailer to use instead of the configured one; the caller closes it. */
  mailer?: Mailer;
  /**
   * Whether the pool may LISTEN for new notifications (a real Postgres server); else the
   * streams are polled. Defaults to whether `DATABASE_URL` is set.
   */
  listen?: boolean;
  /** Followers and holders, instead of asking the streaming and subscriptions services. */
  audience?: AudienceClient;
}

/** The built app, its consumer and what to call on shutdown. */
export interface NotificationsApp {
  app: OpenAPIHono;
  hub: LiveHub;
  sender: EmailSender;
  mailer: Mailer;
  /** The consumer to start (the runner's `consumers` hook); `group` only for tests. */
  consumer(options?: { group?: string }): Pick<ConsumerOptions, "group" | "handlers">;
  close(): Promise<void>;
}

function openMailer(config: NotificationsConfig): Mailer {
  return config.MAILER === "smtp"
    ? createSmtpMailer({ url: config.SMTP_URL, timeoutMs: config.MAIL_TIMEOUT_MS })
    : createMemoryMailer();
}

/** Builds the notifications app on a migrated database. */
export async function createNotificationsApp(
  deps: NotificationsAppDeps,
): Promise<NotificationsApp> {
  const { sql, config, logger, registry, clock = () => new Date() } = deps;
  const mailer = deps.mailer ?? openMailer(config);
  const keys = deps.jwks ? { jwks: deps.jwks } : { jwksUrl: config.JWKS_URL };
  const verifier = createVerifier({
    ...keys,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const hub = await startLiveHub({
    sql,
    channel: NOTIFICATIONS_CHANNEL,
    logger,
    listen: deps.listen ?? config.DATABASE_URL !== undefined,
  });
  const afterCommit = createAfterCommit({ logger });
  const audience = deps.audience ?? createAudienceClient({
    streamingUrl: config.UPSTREAM_STREAMING,
    subscriptionsUrl: config.UPSTREAM_SUBSCRIPTIONS,
    internalToken: config.INTERNAL_TOKEN,
    registry,
  });
  const sender = startEmailSender({
    sql,
    mailer,
    from: config.MAIL_FROM,
    logger,
    registry,
    clock,
    policy: {
      maxAttempts: config.MAIL_MAX_ATTEMPTS,
      baseDelayMs: config.MAIL_RETRY_BASE_MS,
      maxDelayMs: config.MAIL_RETRY_MAX_MS,
    },
    pollMs: config.MAIL_POLL_MS,
    leaseMs: config.MAIL_LEASE_MS,
  });
  const streams = new Set<() => void>();
  const devMailer = mailer.kind === "memory" ? mailer as MemoryMailer : undefined;
  const routeDeps: RouteDeps = {
    sql,
    clock,
    verifier,
    logger,
    hub,
    tickets: createTicketSigner({ secret: config.STREAM_TICKET_SECRET, issuer: "notifications" }),
    streams,
    devMailer,
  };

  // Mail is not a readiness check: queued emails wait out an SMTP outage.
  const checks = deps.checks ?? { database: () => ping(sql) };
  const { app } = createService({
    name: "notifications",
    logger,
    registry,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    checks,
  });
  // Draining waits for open requests; streams would hold it to the deadline, so end them.
  const drainWatch = checks.listener &&
    setInterval(() => {
      checks.listener!().catch(() => {
        for (const end of [...streams]) end();
      });
    }, 500);
  if (devMailer) app.route("/api/notifications", devMailRoutes(devMailer));
  app.route("/api/notifications", preferencesRoutes(routeDeps));
  app.route("/api/notifications", streamRoutes(routeDeps));
  app.route("/api/notifications", notificationsRoutes(routeDeps));

  return {
    app,
    hub,
    sender,
    mailer,
    consumer: (options) =>
      notificationsConsumer({
        sql,
        logger,
        clock,
        afterCommit,
        wakeSender: sender.wake,
        publicUrl: config.PUBLIC_URL,
        audience,
      }, options),
    async close() {
      if (drainWatch) clearInterval(drainWatch);
      for (const end of [...streams]) end();
      await hub.close();
      await afterCommit.drain();
      await sender.stop();
      if (!deps.mailer) await mailer.close();
      if (!deps.audience) audience.close();
    },
  };
}
