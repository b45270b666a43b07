/**
 * The platform's services: name, port, and where its definition lives. The dev runner,
 * the migrate and topics tasks, compose.yml and the docs all follow this table.
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
];

/** Environment a service gets in servers mode (real Postgres, Kafka, Redis on loopback). */
export function serversEnv(entry: ServiceEntry): Record<string, string> {
  return {
    SERVICE_NAME: entry.name,
    PORT: String(entry.port),
    MARQUEE_MODE: "servers",
    DATABASE_URL: `postgres://${entry.name}:${entry.name}@127.0.0.1:5433/${entry.name}`,
    KAFKA_BROKERS: "127.0.0.1:9092",
    REDIS_URL: "redis://127.0.0.1:6380",
  };
}

/** Repository root. */
export const ROOT = new URL("../", import.meta.url).pathname;
