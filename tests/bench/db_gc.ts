/**
 * The database client's garbage: the same reads at a fixed rate through postgres.js from npm
 * and through the patched copy in `shared/db/vendor/postgres` (see its PATCHES.md), each in its
 * own process with V8's GC trace on, taking turns. Prints what each promoted to the old
 * generation, its scavenge pauses and full collections, and its CPU time per read.
 * Needs the local PostgreSQL (`deno task infra:up`). Usage: `deno task bench:db`
 * (`BENCH_DB_RATE` reads/s, 1700 by default; `BENCH_DB_SECONDS`, 8; `BENCH_DB_ROUNDS`, 2).
 * @module
 */
import { type GcEvent, parseGcTrace, summarizeGc } from "./_gc_trace.ts";
import { ADMIN_URL } from "./_pg_stats.ts";
import { type Client, CLIENTS } from "./_db_clients.ts";
import { inTurns } from "./_turns.ts";

const RATE = Number(Deno.env.get("BENCH_DB_RATE") ?? 1700);
const SECONDS = Number(Deno.env.get("BENCH_DB_SECONDS") ?? 8);
const ROUNDS = Number(Deno.env.get("BENCH_DB_ROUNDS") ?? 2);
const LOAD = new URL("./_db_gc_load.ts", import.meta.url).pathname;

interface Run {
  events: GcEvent[];
  cpuMs: number;
}

async function run(client: Client): Promise<Run> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--v8-flags=--trace-gc,--trace-gc-nvp",
      LOAD,
      CLIENTS[client],
      `${ADMIN_URL}/postgres`,
      String(RATE),
      String(SECONDS),
    ],
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  // V8's trace goes through a buffer of its own, so this line can land inside a trace line.
  const load = /LOAD (\{[^}]*\})/.exec(text);
  if (!out.success || !load) throw new Error(`The ${client} load failed:\n${text.slice(-2000)}`);
  const { startMs, endMs, cpuMs } = JSON.parse(load[1]!);
  // Collections of start-up and the first query belong to neither client's reads.
  const events = parseGcTrace(text).filter((e) => e.atMs >= startMs && e.atMs <= endMs);
  return { events, cpuMs };
}

const runs = await inTurns(Object.keys(CLIENTS) as Client[], ROUNDS, run);

const figures = (client: Client) => {
  const all = runs[client];
  const gc = summarizeGc(all.flatMap((r) => r.events));
  const seconds = SECONDS * all.length;
  const reads = RATE * seconds;
  return {
    promotedMBps: gc.promotedBytes / 1e6 / seconds,
    scavengesPerSecond: gc.scavenges / seconds,
    meanScavengeMs: gc.scavengePauseMs / Math.max(1, gc.scavenges),
    maxPauseMs: gc.maxPauseMs,
    fullCollections: gc.fullCollections,
    pausePerSecondMs: gc.pauseMs / seconds,
    cpuUsPerRead: (all.reduce((sum, r) => sum + r.cpuMs, 0) * 1000) / reads,
  };
};
const npm = figures("npm");
const patched = figures("patched");
const line = (name: string, f: typeof npm) =>
  `   ${name}: promoted ${f.promotedMBps.toFixed(2)} MB/s, ${
    f.scavengesPerSecond.toFixed(1)
  } scavenges/s averaging ${f.meanScavengeMs.toFixed(2)} ms, longest pause ${
    f.maxPauseMs.toFixed(2)
  } ms, ${f.fullCollections} full collections, ${
    f.pausePerSecondMs.toFixed(1)
  } ms paused per second, ${f.cpuUsPerRead.toFixed(0)} µs CPU per read`;
console.log([
  `# Database client garbage (${
    new Date().toISOString()
  }): ${RATE} reads/s for ${SECONDS} s, ${ROUNDS} rounds each, taking turns`,
  line("postgres.js from npm", npm),
  line("patched copy", patched),
  `   patched/npm: promoted ${(patched.promotedMBps / npm.promotedMBps).toFixed(3)}×, paused ${
    (patched.pausePerSecondMs / npm.pausePerSecondMs).toFixed(2)
  }×, CPU per read ${(patched.cpuUsPerRead / npm.cpuUsPerRead).toFixed(2)}×`,
].join("\n"));
