/**
 * Embedded Postgres: PGlite (Postgres compiled to WASM) behind pglite-socket, so the
 * service code talks to it with the same postgres.js client as to a real server.
 * @module
 */
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  url: string;
  /** PGlite is a single session; interleaved extended-protocol messages from two pooled
   * connections break each other's portals, so clients must use one connection. */
  poolMax: 1;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that keeps the data between runs; in memory when absent. */
  dataDir?: string;
  port?: number;
  maxConnections?: number;
}

/** Starts one embedded database and returns its connection URL. */
export async function startEmbeddedPostgres(
  options: EmbeddedOptions = {},
): Promise<EmbeddedPostgres> {
  const { dataDir, port = 0, maxConnections = 16 } = options;
  if (dataDir) await Deno.mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? "memory://");
  const server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections });
  await server.start();
  const conn = server.getServerConn();
  const actualPort = Number(conn.split(":").pop());
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${actualPort}/postgres`,
    poolMax: 1,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
