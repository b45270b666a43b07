/**
 * The platform's processes: name, port, and where each service's definition lives. The
 * dev runner, the migrate and topics tasks, compose.yml and the docs follow this table.
 * @module
 */

export interface ServiceEntry {
  name: string;
  port: number;
  /** Module exporting `service` (a ServiceDefinition). */
  module: string;
}

export const SERVICES: ServiceEntry[] = [
  { name: "users", port: 8101, module: "../services/users/service.ts" },
  { name: "catalog", port: 8102, module: "../services/catalog/service.ts" },
  { name: "orders", port: 8103, module: "../services/orders/service.ts" },
  { name: "payments", port: 8104, module: "../services/payments/service.ts" },
  { name: "subscriptions", port: 8105, module: "../services/subscriptions/service.ts" },
  { name: "notifications", port: 8106, module: "../services/notifications/service.ts" },
];

/** The public origin's port. */
export const EDGE_PORT = 8000;

/**
 * V8 settings every process of the platform runs with (`deno run` flags; the container's
 * command and `deno task dev` pass the same). Allocation-site pretenuring is off: V8 moves an
 * object or array literal's allocation site to the old generation when most of its objects
 * survive a scavenge, and in a new edge under load it did so for sites of the request path.
 * From then on part of each request was born old, everything it pointed to survived the young
 * generation, and the edge promoted 0.4–1.3 MB a scavenge at 1900 req/s, paused 1–5 ms a
 * scavenge and ran a full collection every few seconds. `deno task bench:pretenuring` compares
 * fresh starts with and without the flag (figures in `docs/performance.md`).
 */
export const RUNTIME_FLAGS: readonly string[] = ["--v8-flags=--no-allocation-site-pretenuring"];

/** Repository root. */
export const ROOT = new URL("../", import.meta.url).pathname;

const url = (port: number) => `http://127.0.0.1:${port}`;

/**
 * Addresses that depend on where the processes listen; `offset` shifts every port so a
 * second copy of the platform (a test, a benchmark) can run beside a developer's.
 */
export function topologyEnv(offset = 0): Record<string, string> {
  const port = (name: string) => SERVICES.find((s) => s.name === name)!.port + offset;
  const publicUrl = `http://localhost:${EDGE_PORT + offset}`;
  const env: Record<string, string> = {
    PUBLIC_URL: publicUrl,
    JWKS_URL: `${url(port("users"))}/.well-known/jwks.json`,
  };
  for (const s of SERVICES) env[`UPSTREAM_${s.name.toUpperCase()}`] = url(s.port + offset);
  return env;
}

/** Environment a service gets in servers mode (real Postgres, Kafka, Redis on loopback). */
export function serversEnv(entry: ServiceEntry, offset = 0): Record<string, string> {
  return {
    ...topologyEnv(offset),
    SERVICE_NAME: entry.name,
    PORT: String(entry.port + offset),
    MARQUEE_MODE: "servers",
    DATABASE_URL: `postgres://${entry.name}:${entry.name}@127.0.0.1:5433/${entry.name}`,
    KAFKA_BROKERS: "127.0.0.1:9092",
    REDIS_URL: "redis://127.0.0.1:6380",
    S3_ENDPOINT: "http://127.0.0.1:9000",
    SMTP_URL: "smtp://127.0.0.1:1025",
    // stripe-mock stands in for Stripe on loopback.
    STRIPE_API_BASE: "http://127.0.0.1:12111",
  };
}

/** Environment the edge gets in servers mode. */
export function edgeServersEnv(offset = 0): Record<string, string> {
  return {
    ...topologyEnv(offset),
    SERVICE_NAME: "edge",
    PORT: String(EDGE_PORT + offset),
    MARQUEE_MODE: "servers",
    KAFKA_BROKERS: "127.0.0.1:9092",
    UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079",
    UPSTASH_REDIS_REST_TOKEN: "marquee-dev-upstash-token",
    // Browsers upload and download blobs straight from MinIO with presigned URLs.
    S3_PUBLIC_URL: "http://127.0.0.1:9000",
    // Each copy of the platform purges its own cache, so each needs its own consumer group.
    EDGE_INSTANCE_ID: `dev-${EDGE_PORT + offset}`,
    // Copies of the platform share Redis; each keeps its own rate budgets.
    ...(offset ? { RATE_LIMIT_PREFIX: `marquee:edge:rl:${EDGE_PORT + offset}` } : {}),
  };
}
