/**
 * The platform's processes: name, port, and where each service's definition lives. The
 * dev runner and the migrate task follow this table; `services_test.ts` fails when compose.yml,
 * `infra/compose/postgres-init.sql` or the table in `docs/architecture.md` drift from it.
 * @module
 */
import { STRIPE_MOCK_KEY } from "../services/payments/config.ts";

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
  { name: "streaming", port: 8107, module: "../services/streaming/service.ts" },
];

/**
 * The media server's (MediaMTX's) ports before the offset: RTMP, SRT (UDP), WebRTC signalling
 * (WHIP/WHEP) and its media (UDP), LL-HLS, and its control API (loopback only).
 */
export const MEDIA_PORTS = {
  rtmp: 1935,
  srt: 8890,
  webrtc: 8889,
  webrtcUdp: 8189,
  hls: 8888,
  api: 9997,
} as const;

/** The public origin's port. */
export const EDGE_PORT = 8000;

/** Repository root. */
export const ROOT = new URL("../", import.meta.url).pathname;

/**
 * Where a process of the platform finds the others and the backing servers: on loopback
 * (`infra/local`, ports shifted by an offset) or on the container network (`compose.yml`).
 */
export interface Network {
  /** Origin of a platform process (a service or the edge) listening on `port`. */
  origin(name: string, port: number): string;
  /** Added to every process's port, so a second copy can run beside a developer's. */
  offset: number;
  postgres: string;
  kafka: string;
  redis: string;
  s3: string;
  smtp: string;
  stripe: string;
  /** Set when `stripe` is stripe-mock somewhere the payments service cannot tell by its host. */
  stripeMock?: boolean;
  /** The Upstash-compatible REST server in front of Redis, for the edge's rate limits. */
  upstash?: { url: string; token: string };
  /** MinIO as browsers reach it (uploads and downloads with presigned URLs). */
  s3Public?: string;
  /** The host publishers and viewers reach the media server on. */
  mediaHost: string;
  /**
   * The folder the media server records into, mounted at the same path for the streaming
   * service; on loopback the dev runner names it under the data folder.
   */
  recordingsDir?: string;
}

/** The servers of `infra/local` and the processes, all on 127.0.0.1. */
export function loopback(offset = 0): Network {
  return {
    origin: (_name, port) => `http://127.0.0.1:${port}`,
    offset,
    postgres: "127.0.0.1:5433",
    kafka: "127.0.0.1:9092",
    redis: "redis://127.0.0.1:6380",
    s3: "http://127.0.0.1:9000",
    smtp: "smtp://127.0.0.1:1025",
    // stripe-mock stands in for Stripe on loopback.
    stripe: "http://127.0.0.1:12111",
    upstash: { url: "http://127.0.0.1:8079", token: "marquee-dev-upstash-token" },
    s3Public: "http://127.0.0.1:9000",
    mediaHost: "127.0.0.1",
  };
}

/** The containers of `compose.yml`, each reached by its service name on the default ports. */
export const COMPOSE_NETWORK: Network = {
  origin: (name, port) => `http://${name}:${port}`,
  offset: 0,
  postgres: "postgres:5432",
  kafka: "kafka:9092",
  redis: "redis://redis:6379",
  s3: "http://minio:9000",
  smtp: "smtp://mailpit:1025",
  stripe: "http://stripe-mock:12111",
  stripeMock: true,
  // MinIO's port is published on the host, where browsers reach it.
  s3Public: "http://localhost:9000",
  // The media server's ports are published on the host.
  mediaHost: "localhost",
  recordingsDir: "/recordings",
};

const portOf = (name: string) => SERVICES.find((s) => s.name === name)!.port;

/** Addresses of the processes: the public origin, each upstream, the users service's keys. */
export function topologyEnv(network: Network = loopback()): Record<string, string> {
  const origin = (name: string) => network.origin(name, portOf(name) + network.offset);
  const env: Record<string, string> = {
    PUBLIC_URL: `http://localhost:${EDGE_PORT + network.offset}`,
    JWKS_URL: `${origin("users")}/.well-known/jwks.json`,
    ...mediaEnv(network),
  };
  for (const s of SERVICES) env[`UPSTREAM_${s.name.toUpperCase()}`] = origin(s.name);
  return env;
}

/** Where publishers and viewers reach the media server. */
function mediaEnv(network: Network): Record<string, string> {
  const at = (port: number) => `${network.mediaHost}:${port + network.offset}`;
  return {
    MEDIA_RTMP_URL: `rtmp://${at(MEDIA_PORTS.rtmp)}`,
    MEDIA_SRT_URL: `srt://${at(MEDIA_PORTS.srt)}`,
    MEDIA_WEBRTC_URL: `http://${at(MEDIA_PORTS.webrtc)}`,
    MEDIA_HLS_URL: `http://${at(MEDIA_PORTS.hls)}`,
    // The control API is the streaming service's alone: loopback, or the container network.
    MEDIA_API_URL: network.origin("mediamtx", MEDIA_PORTS.api + network.offset),
  };
}

/** Environment a service gets in servers mode (real Postgres, Kafka, Redis, MinIO, Mailpit). */
export function serviceEnv(entry: ServiceEntry, network: Network): Record<string, string> {
  const { name } = entry;
  return {
    ...topologyEnv(network),
    SERVICE_NAME: name,
    PORT: String(entry.port + network.offset),
    MARQUEE_MODE: "servers",
    DATABASE_URL: `postgres://${name}:${name}@${network.postgres}/${name}`,
    KAFKA_BROKERS: network.kafka,
    REDIS_URL: network.redis,
    S3_ENDPOINT: network.s3,
    ...(network.s3Public && network.s3Public !== network.s3
      ? { S3_PUBLIC_ENDPOINT: network.s3Public }
      : {}),
    SMTP_URL: network.smtp,
    STRIPE_API_BASE: network.stripe,
    ...(name === "streaming" && network.recordingsDir
      ? { RECORDINGS_DIR: network.recordingsDir }
      : {}),
    ...(network.stripeMock
      ? { STRIPE_SECRET_KEY: STRIPE_MOCK_KEY, STRIPE_MOCK_DECLINES: "true" }
      : {}),
  };
}

/** Environment the edge gets in servers mode. */
export function edgeEnv(network: Network): Record<string, string> {
  const port = EDGE_PORT + network.offset;
  return {
    ...topologyEnv(network),
    SERVICE_NAME: "edge",
    PORT: String(port),
    MARQUEE_MODE: "servers",
    KAFKA_BROKERS: network.kafka,
    // The edge proxies signalling and HLS to the media server on the network, not as
    // publishers reach it.
    MEDIA_WEBRTC_URL: network.origin("mediamtx", MEDIA_PORTS.webrtc + network.offset),
    MEDIA_HLS_URL: network.origin("mediamtx", MEDIA_PORTS.hls + network.offset),
    ...(network.upstash
      ? {
        UPSTASH_REDIS_REST_URL: network.upstash.url,
        UPSTASH_REDIS_REST_TOKEN: network.upstash.token,
      }
      : {}),
    // Browsers upload and download blobs straight from MinIO with presigned URLs.
    ...(network.s3Public ? { S3_PUBLIC_URL: network.s3Public } : {}),
    // Each copy of the platform purges its own cache, so each needs its own consumer group.
    EDGE_INSTANCE_ID: `dev-${port}`,
    // Copies of the platform share Redis; each keeps its own rate budgets.
    ...(network.offset ? { RATE_LIMIT_PREFIX: `marquee:edge:rl:${port}` } : {}),
  };
}

/** {@linkcode serviceEnv} on loopback, ports shifted by `offset`. */
export const serversEnv = (entry: ServiceEntry, offset = 0): Record<string, string> =>
  serviceEnv(entry, loopback(offset));

/** {@linkcode edgeEnv} on loopback, ports shifted by `offset`. */
export const edgeServersEnv = (offset = 0): Record<string, string> => edgeEnv(loopback(offset));
