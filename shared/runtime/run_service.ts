/**
 * Starting a service the one way every service starts: config, database (embedded or
 * real), migrations, bus, topics, outbox relay, routes, consumers, listener, and a
 * graceful stop that closes them in reverse.
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "zod";
import { loadConfig, type ServiceEnv } from "@marquee/config";
import {
  createPool,
  migrate,
  type MigrationSource,
  ping,
  type Sql,
  startEmbeddedPostgres,
} from "@marquee/db";
import {
  type ConsumerOptions,
  createKafkaBus,
  createMemoryBus,
  createOutboxRelay,
  deadLetterTopic,
  type EventBus,
  KIT_MIGRATIONS,
  startConsumer,
} from "@marquee/events";
import type { HealthCheck } from "@marquee/http";
import { serve, type Served } from "@marquee/http";
import { createLogger, type Logger } from "@marquee/log";
import { Registry } from "@marquee/metrics";

/** What a service's `build` receives. */
export interface ServiceDeps<C> {
  config: C;
  sql: Sql;
  bus: EventBus;
  logger: Logger;
  registry: Registry;
  /** Readiness checks for the database and the broker, to pass to `createService`. */
  checks: Record<string, HealthCheck>;
}

/** How a service is put together; `main.ts` hands this to {@linkcode runService}. */
export interface ServiceDefinition<S extends z.ZodType<ServiceEnv>> {
  name: string;
  env: S;
  migrations: MigrationSource;
  /** Topics the service publishes to; created (with dead-letter topics) at start. */
  topics?: string[];
  build: (deps: ServiceDeps<z.infer<S>>) => Promise<BuiltService>;
}

/** A consumer as a service declares it; the runner adds the pool, bus, logger and metrics. */
export type ServiceConsumer = Omit<ConsumerOptions, "sql" | "bus" | "logger" | "registry">;

/** What a service's `build` hands to the runner. */
export interface BuiltService {
  app: OpenAPIHono;
  /** Started after the app is built, closed before it; their topics are created first. */
  consumers?: ServiceConsumer[];
  close?: () => Promise<void>;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** The in-process bus shared by services in one embedded process. */
  bus?: EventBus;
  /** Where embedded databases keep their data; in memory when absent. */
  dataDir?: string;
  /** Install signal handlers (a standalone process does). */
  signals?: boolean;
}

/** A started service. */
export interface RunningService {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/** Starts a service and returns once it is listening. */
export async function runService<S extends z.ZodType<ServiceEnv>>(
  def: ServiceDefinition<S>,
  options: RunOptions = {},
): Promise<RunningService> {
  const config = loadConfig(def.env, options.env);
  const logger = createLogger({ service: def.name, level: config.LOG_LEVEL });
  const registry = new Registry();
  const closers: Array<() => Promise<unknown>> = [];
  try {
    let url = config.DATABASE_URL;
    let poolMax = config.DATABASE_POOL_MAX;
    if (!url) {
      if (config.MARQUEE_MODE === "servers") {
        throw new Error('"DATABASE_URL" is required in servers mode');
      }
      const pg = await startEmbeddedPostgres({
        dataDir: options.dataDir ? `${options.dataDir}/${def.name}` : undefined,
      });
      closers.push(() => pg.close());
      url = pg.url;
      poolMax = pg.poolMax;
    }
    const sql = createPool(url, { max: poolMax, name: def.name, registry });
    closers.push(() => sql.end({ timeout: 5 }));
    const applied = await migrate(sql, [KIT_MIGRATIONS, def.migrations]);
    if (applied.length) logger.info("Migrated", { applied });

    const bus = options.bus ??
      (config.MARQUEE_MODE === "servers"
        ? createKafkaBus({ brokers: config.KAFKA_BROKERS.split(","), clientId: def.name, logger })
        : createMemoryBus());
    if (!options.bus) closers.push(() => bus.close());
    const topics = def.topics ?? [];
    await bus.ensureTopics(topics.flatMap((t) => [t, deadLetterTopic(t)]));

    const relay = createOutboxRelay({
      sql,
      bus,
      logger,
      registry,
      listen: poolMax > 1,
      pollMs: poolMax > 1 ? 1000 : 100,
    });
    await relay.start();
    closers.push(() => relay.stop());

    const listener = { accepting: () => true };
    const checks: Record<string, HealthCheck> = {
      database: () => ping(sql),
      broker: () => bus.ping(),
      // Ready turns 503 as soon as draining starts, before the listener closes.
      listener: () =>
        listener.accepting() ? Promise.resolve() : Promise.reject(new Error("Draining")),
    };
    const deps: ServiceDeps<z.infer<S>> = { config, sql, bus, logger, registry, checks };
    const built = await def.build(deps);
    if (built.close) closers.push(built.close);
    const consumers = built.consumers ?? [];
    // The topics consumed must exist before subscribing, even on a service's private bus.
    const consumed = new Set(consumers.flatMap((c) => c.handlers.map((h) => h.def.topic)));
    await bus.ensureTopics([...consumed].flatMap((t) => [t, deadLetterTopic(t)]));
    for (const c of consumers) {
      const sub = await startConsumer({ ...c, sql, bus, logger, registry });
      closers.push(() => sub.close());
    }
    const served: Served = serve(built.app.fetch, {
      port: config.PORT,
      hostname: config.HOST,
      logger,
      graceMs: config.SHUTDOWN_GRACE_MS,
      signals: options.signals,
      // Close in reverse of opening: consumers, app, relay, bus, pool, database.
      onClose: [...closers].reverse(),
    });
    listener.accepting = served.accepting;
    return { name: def.name, url: served.url, stop: served.stop };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => {});
    throw error;
  }
}
