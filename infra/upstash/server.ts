/**
 * Runs the Upstash-compatible REST server for local development and tests:
 *
 *   deno run --allow-net --allow-env infra/upstash/server.ts
 *
 * Environment: `UPSTASH_REST_TOKEN` (default `marquee-dev-upstash-token`),
 * `UPSTASH_REST_HOST` (127.0.0.1), `UPSTASH_REST_PORT` (8079), `REDIS_URL`
 * (redis://127.0.0.1:6380), `LOG_LEVEL` (info).
 * @module
 */
import { createLogger, type Level } from "@marquee/log";
import { startUpstashRest } from "./rest.ts";

const env = (name: string, fallback: string) => Deno.env.get(name) || fallback;
const logger = createLogger({
  service: "upstash-rest",
  level: env("LOG_LEVEL", "info") as Level,
});
const server = startUpstashRest({
  redisUrl: env("REDIS_URL", "redis://127.0.0.1:6380"),
  token: env("UPSTASH_REST_TOKEN", "marquee-dev-upstash-token"),
  hostname: env("UPSTASH_REST_HOST", "127.0.0.1"),
  port: Number(env("UPSTASH_REST_PORT", "8079")),
  logger,
});
const stop = () => server.close().finally(() => Deno.exit(0));
Deno.addSignalListener("SIGTERM", stop);
Deno.addSignalListener("SIGINT", stop);
