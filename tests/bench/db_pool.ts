/**
 * The database client under steady load: more readers than the pool has connections, through
 * postgres.js alone and behind the in-flight cap `createPool` puts in front of it
 * (`shared/db/in_flight_cap.ts`, docs/postgres-queue-defect.md), each in its own process,
 * taking turns. Prints reads per second and CPU time per read in the first and the last window
 * of each run: a client whose bookkeeping grows with the reads it has served gets slower from
 * one to the other.
 * Needs the local PostgreSQL (`deno task infra:up`). Usage: `deno task bench:db-pool`
 * (`BENCH_DB_POOL_READERS`, 32; `BENCH_DB_POOL_WINDOWS`, 6; `BENCH_DB_POOL_WINDOW` seconds, 5;
 * `BENCH_DB_POOL_ROUNDS`, 1).
 * @module
 */
import { ADMIN_URL } from "./_pg_stats.ts";
import { inTurns } from "./_turns.ts";

const READERS = Number(Deno.env.get("BENCH_DB_POOL_READERS") ?? 32);
const WINDOWS = Number(Deno.env.get("BENCH_DB_POOL_WINDOWS") ?? 6);
const WINDOW = Number(Deno.env.get("BENCH_DB_POOL_WINDOW") ?? 5);
const ROUNDS = Number(Deno.env.get("BENCH_DB_POOL_ROUNDS") ?? 1);
const LOAD = new URL("./_db_pool_load.ts", import.meta.url).pathname;

const CLIENTS = ["uncapped", "capped"] as const;
type Client = typeof CLIENTS[number];

interface Window {
  reads: number;
  cpuMs: number;
}

async function run(client: Client): Promise<Window[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      LOAD,
      client,
      `${ADMIN_URL}/postgres`,
      String(READERS),
      String(WINDOWS),
      String(WINDOW),
    ],
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const windows = [...text.matchAll(/WINDOW (\{[^}]*\})/g)].map((m) => JSON.parse(m[1]!));
  if (!out.success || windows.length !== WINDOWS) {
    throw new Error(`The ${client} load failed:\n${text.slice(-2000)}`);
  }
  return windows;
}

const runs = await inTurns(CLIENTS, ROUNDS, run);
const perRead = (w: Window) => (w.cpuMs * 1000) / w.reads;
const line = (client: Client) =>
  runs[client].map((windows, round) => {
    const first = windows[0]!, last = windows.at(-1)!;
    const total = windows.reduce((sum, w) => sum + w.reads, 0);
    return `   ${client}, round ${round + 1}: ${total} reads; first window ${
      (first.reads / WINDOW).toFixed(0)
    } reads/s at ${perRead(first).toFixed(1)} µs CPU each, last ${
      (last.reads / WINDOW).toFixed(0)
    } reads/s at ${perRead(last).toFixed(1)} µs (last/first ${
      (perRead(last) / perRead(first)).toFixed(2)
    }×); every window: ${windows.map((w) => perRead(w).toFixed(1)).join(" ")} µs`;
  }).join("\n");
console.log([
  `# Database client under steady load (${
    new Date().toISOString()
  }): ${READERS} readers over 10 connections, ${WINDOWS} windows of ${WINDOW} s, ${ROUNDS} round(s) each, taking turns`,
  ...CLIENTS.map(line),
].join("\n"));
