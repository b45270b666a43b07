/**
 * The edge wired from its environment: configuration, logger, metrics, the Kafka bus in
 * servers mode (never on Deno Deploy), the storefront and the gateway. `main.ts` serves it
 * as one isolate, and `worker.ts` as each further one when `EDGE_WORKERS` > 1.
 * @module
 */
import { loadConfig } from "@marquee/config";
import type { EventBus } from "@marquee/events";
import { createLogger, type Logger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { createUpstream } from "@marquee/resilience";
import { createEdgeApp } from "./app.ts";
import { type EdgeConfig, EdgeEnv } from "./config.ts";
import { createStorefront } from "./fresh/mod.ts";

/** A wired edge. */
export interface BootedEdge {
  config: EdgeConfig;
  logger: Logger;
  onDeploy: boolean;
  fetch: (req: Request, info?: Deno.ServeHandlerInfo) => Response | Promise<Response>;
  /** Closes the cache's subscription, the limiter, the upstream clients and its own bus. */
  close(): Promise<void>;
}

/** Options of {@linkcode bootEdge}. */
export interface BootOptions {
  /** The environment to configure from; `Deno.env` by default. */
  env?: Record<string, string>;
  /** An event bus to purge from (the in-process one in embedded mode), kept open on close. */
  bus?: EventBus;
  /**
   * Appended to `EDGE_INSTANCE_ID`: each isolate of a parallel edge keeps its own cache, so
   * each needs catalog events in its own consumer group.
   */
  instanceSuffix?: string;
}

/** Wires the edge from its environment. */
export async function bootEdge(options: BootOptions = {}): Promise<BootedEdge> {
  const env = { ...(options.env ?? Deno.env.toObject()) };
  if (options.instanceSuffix) {
    env.EDGE_INSTANCE_ID = `${env.EDGE_INSTANCE_ID ?? "edge"}.${options.instanceSuffix}`;
  }
  const config = loadConfig(EdgeEnv, env);
  const logger = createLogger({ service: "edge", level: config.LOG_LEVEL, sink: console.log });
  const registry = new Registry();
  const onDeploy = Deno.env.get("DENO_DEPLOYMENT_ID") !== undefined;
  const ownBus = !options.bus && !onDeploy && config.MARQUEE_MODE === "servers"
    ? (await import("@marquee/events")).createKafkaBus({
      brokers: config.KAFKA_BROKERS.split(","),
      clientId: "edge",
      logger,
    })
    : undefined;
  const catalog = createUpstream({
    name: "catalog-pages",
    baseUrl: config.UPSTREAM_CATALOG,
    registry,
  });
  const storefront = createStorefront({ api: { catalog }, logger });
  const bus = options.bus ?? ownBus;
  const app = createEdgeApp({
    config,
    logger,
    registry,
    bus,
    storefront,
    ...(options.instanceSuffix ? { isolate: options.instanceSuffix } : {}),
  });
  return {
    config,
    logger,
    onDeploy,
    fetch: app.fetch,
    async close() {
      await app.close();
      catalog.close();
      await ownBus?.close();
    },
  };
}
