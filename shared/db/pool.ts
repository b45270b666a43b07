/**
 * The postgres.js pool every service uses, with pool gauges for /metrics.
 * @module
 */
import postgres from "postgres";
import type { Registry } from "@marquee/metrics";
import { capInFlight } from "./in_flight_cap.ts";

/** A postgres.js client. */
export type Sql = postgres.Sql;
/** A postgres.js transaction (or any client a query can run on). */
export type Tx = postgres.TransactionSql | postgres.Sql;

export interface PoolOptions {
  max?: number;
  idleTimeoutSec?: number;
  connectTimeoutSec?: number;
  /** Name used in metric labels and `application_name`. */
  name?: string;
  registry?: Registry;
}

/**
 * Opens a pool to `url`; rows come back with camelCase keys. No more queries, transactions
 * and reservations run at once than it has connections; the rest wait their turn.
 */
export function createPool(url: string, options: PoolOptions = {}): Sql {
  const { max = 10, idleTimeoutSec = 30, connectTimeoutSec = 10, name = "marquee" } = options;
  const sql = capInFlight(
    postgres(url, {
      max,
      idle_timeout: idleTimeoutSec,
      connect_timeout: connectTimeoutSec,
      transform: postgres.camel,
      onnotice: () => {},
      connection: { application_name: name },
    }),
    max,
  );
  options.registry?.counter("db_pool_max_connections", "Configured pool size").inc(
    { pool: name },
    max,
  );
  return sql;
}

/** Resolves when the database answers a trivial query; used by readiness. */
export async function ping(sql: Sql): Promise<void> {
  await sql`select 1`;
}

/** True for a unique-constraint violation, optionally on one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint_name?: string };
  return e?.code === "23505" && (!constraint || e.constraint_name === constraint);
}
