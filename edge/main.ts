/**
 * Runs the edge: `deno run -A edge/main.ts`. The same file runs on Deno Deploy (no files
 * written, no subprocesses, no Kafka client loaded there) and in a container, where in
 * servers mode catalog events purge the cache over Kafka.
 * @module
 */
import { loadConfig } from "@marquee/config";
import { serve } from "@marquee/http";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { createUpstream } from "@marquee/resilience";
import { createEdgeApp } from "./app.ts";
import { EdgeEnv } from "./config.ts";
import { createStorefront } from "./fresh/mod.ts";

const config = loadConfig(EdgeEnv);
const logger = createLogger({ service: "edge", level: config.LOG_LEVEL, sink: console.log });
const registry = new Registry();
const onDeploy = Deno.env.get("DENO_DEPLOYMENT_ID") !== undefined;
const bus = !onDeploy && config.MARQUEE_MODE === "servers"
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
const app = createEdgeApp({ config, logger, registry, bus, storefront });
serve(app.fetch, {
  port: config.PORT,
  hostname: config.HOST,
  logger,
  graceMs: config.SHUTDOWN_GRACE_MS,
  signals: !onDeploy,
  onClose: [() => app.close(), () => catalog.close(), () => bus?.close()],
});
