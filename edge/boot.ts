/**
 * The edge wired from its environment: configuration, logger, metrics, the Kafka bus in
 * servers mode (never on Deno Deploy), the storefront and the gateway. `main.ts` serves it
 * as one isolate, and `worker.ts` as each further one when `EDGE_WORKERS` > 1; they hand in
 * the route manifest, so the edge's own modules never import the pages.
 * @module
 */
import { loadConfig } from "@marquee/config";
import type { EventBus } from "@marquee/events";
import { serve, type Served, type ServeOptions } from "@marquee/http";
import { createLogger, type Logger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import type { Manifest } from "@marquee/fresh";
import { buildId, createStorefront, PROJECT_ROOT } from "@marquee/fresh/server";
import { createUpstream } from "@marquee/resilience";
import { createEdgeApp, CSP_NONCE_PLACEHOLDER } from "./app.ts";
import { type EdgeConfig, EdgeEnv } from "./config.ts";

/** A wired edge. */
export interface BootedEdge {
  config: EdgeConfig;
  logger: Logger;
  onDeploy: boolean;
  /**
   * This isolate's name (`w0`, `w1`, …) when `EDGE_WORKERS` > 1 outside Deno Deploy, so that
   * several serve one port; undefined for a single listener.
   */
  isolate?: string;
  fetch: (req: Request, info?: Deno.ServeHandlerInfo) => Response | Promise<Response>;
  /** Closes the cache's subscription, the limiter, the upstream clients and its own bus. */
  close(): Promise<void>;
}

/** Options of {@linkcode bootEdge}. */
export interface BootOptions {
  /** The storefront's route and island modules: the root's `fresh.gen.ts`. */
  manifest: Manifest;
  /** The environment to configure from; `Deno.env` by default. */
  env?: Record<string, string>;
  /** An event bus to purge from (the in-process one in embedded mode), kept open on close. */
  bus?: EventBus;
  /** Which isolate of a parallel edge this is; 0 (the main one) by default. */
  isolate?: number;
}

/** Wires the edge from its environment. */
export async function bootEdge(options: BootOptions): Promise<BootedEdge> {
  const env = options.env ?? Deno.env.toObject();
  const onDeploy = Deno.env.get("DENO_DEPLOYMENT_ID") !== undefined;
  let config = loadConfig(EdgeEnv, env);
  // Each isolate of a parallel edge keeps its own cache, so each needs catalog events in its
  // own consumer group.
  const isolate = config.EDGE_WORKERS > 1 && !onDeploy ? `w${options.isolate ?? 0}` : undefined;
  if (isolate) {
    config = loadConfig(EdgeEnv, {
      ...env,
      EDGE_INSTANCE_ID: `${config.EDGE_INSTANCE_ID ?? "edge"}.${isolate}`,
    });
  }
  // Cached pages link the hashed files of the build that rendered them: a new build starts
  // a cache of its own rather than serve pages whose stylesheet and islands are gone.
  const build = await buildId(`${PROJECT_ROOT}/static/_fresh`);
  config = { ...config, EDGE_CACHE_NAME: `${config.EDGE_CACHE_NAME}:${build}` };
  const logger = createLogger({ service: "edge", level: config.LOG_LEVEL, sink: console.log });
  const registry = new Registry();
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
  // The live pages read streams; they show an empty state while the service is down.
  const streaming = createUpstream({
    name: "streaming-pages",
    baseUrl: config.UPSTREAM_STREAMING,
    registry,
  });
  const storefront = createStorefront({
    manifest: options.manifest,
    api: { catalog, streaming },
    logger,
    // The edge's CSP middleware swaps it for each response's nonce.
    nonce: CSP_NONCE_PLACEHOLDER,
  });
  const bus = options.bus ?? ownBus;
  const app = createEdgeApp({
    config,
    logger,
    registry,
    bus,
    storefront,
    ...(isolate ? { isolate } : {}),
    // On Deno Deploy a BroadcastChannel spans the application's instances.
    ...(onDeploy ? { siblings: "marquee-edge" } : {}),
  });
  return {
    config,
    logger,
    onDeploy,
    ...(isolate ? { isolate } : {}),
    fetch: app.fetch,
    async close() {
      await app.close();
      catalog.close();
      streaming.close();
      await ownBus?.close();
    },
  };
}

/**
 * Serves a booted edge on its port, with SO_REUSEPORT when it is one isolate of several
 * (`--unstable-net`).
 */
export function listen(
  edge: BootedEdge,
  options: Pick<ServeOptions, "signals" | "onClose"> = {},
): Served {
  return serve(edge.fetch, {
    port: edge.config.PORT,
    hostname: edge.config.HOST,
    logger: edge.logger,
    graceMs: edge.config.SHUTDOWN_GRACE_MS,
    reusePort: edge.isolate !== undefined,
    ...options,
  });
}
