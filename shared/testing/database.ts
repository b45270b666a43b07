/**
 * A throwaway database per test: a fresh database on the real server when
 * `MARQUEE_TEST_POSTGRES_URL` names one (the test runner sets it after `infra:up`),
 * otherwise an embedded PGlite.
 * @module
 */
import postgres from "postgres";
import { KIT_MIGRATIONS } from "@marquee/events";
import {
  createPool,
  migrate,
  type MigrationSource,
  type Sql,
  startEmbeddedPostgres,
} from "@marquee/db";

export interface TestDatabase {
  url: string;
  sql: Sql;
  kind: "servers" | "embedded";
  [Symbol.asyncDispose](): Promise<void>;
}

/** The database kinds this run can test against: embedded always, servers when configured. */
export function dbTargets(): Array<TestDatabase["kind"]> {
  return Deno.env.get("MARQUEE_TEST_POSTGRES_URL") ? ["embedded", "servers"] : ["embedded"];
}

/**
 * Creates an empty database, migrated with `sources` (the kit's first): on the real server
 * when one is configured, unless `kind` asks for the embedded one.
 */
export async function testDatabase(
  sources: MigrationSource[] = [],
  options: { kind?: TestDatabase["kind"] } = {},
): Promise<TestDatabase> {
  const configured = Deno.env.get("MARQUEE_TEST_POSTGRES_URL");
  const admin = options.kind === "embedded" ? undefined : configured;
  if (options.kind === "servers" && !admin) throw new Error("No MARQUEE_TEST_POSTGRES_URL set");
  let url: string;
  let cleanup: () => Promise<void>;
  let kind: TestDatabase["kind"];
  if (admin) {
    const name = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
    const root = postgres(admin, { max: 1, onnotice: () => {} });
    await root.unsafe(`create database ${name}`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.href;
    kind = "servers";
    cleanup = async () => {
      await root.unsafe(`drop database if exists ${name} with (force)`);
      await root.end();
    };
  } else {
    const pg = await startEmbeddedPostgres();
    url = pg.url;
    kind = "embedded";
    cleanup = () => pg.close();
  }
  // PGlite is one session: its socket multiplexer is safe only for one client connection.
  const sql = createPool(url, { max: kind === "embedded" ? 1 : 4 });
  await migrate(sql, [KIT_MIGRATIONS, ...sources]);
  return {
    url,
    sql,
    kind,
    async [Symbol.asyncDispose]() {
      await sql.end({ timeout: 1 });
      await cleanup();
    },
  };
}
