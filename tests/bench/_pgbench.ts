/**
 * The Postgres baseline: pgbench's TPC-B-like default script against a scratch database on
 * the same server, at the checkout's concurrency, with per-transaction latencies logged so
 * its p50/p95/p99 compare with the checkout's. Installs Debian's postgresql when pgbench is
 * missing, as `infra/local/install.sh` does.
 * @module
 */
import postgres from "postgres";
import { parsePgbenchLog, parsePgbenchReport, type PgbenchReport } from "./_figures.ts";
import { ADMIN_URL } from "./_pg_stats.ts";

const CONNECT = ["-h", "127.0.0.1", "-p", "5433", "-U", "marquee"];
const ENV = { PGPASSWORD: "marquee" };

async function sh(script: string): Promise<string> {
  const out = await new Deno.Command("sh", { args: ["-c", script], stderr: "inherit" }).output();
  return new TextDecoder().decode(out.stdout).trim();
}

/** The pgbench binary of the newest installed PostgreSQL, installing it when absent. */
export async function findPgbench(): Promise<string> {
  const find = () => sh("ls -1 /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1");
  const found = await find();
  if (found) return found;
  const ok = await new Deno.Command("sh", {
    args: [
      "-c",
      "apt-get install -y postgresql >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y postgresql >/dev/null)",
    ],
  }).spawn().status;
  const after = ok.success ? await find() : "";
  if (!after) throw new Error("Could not find or install pgbench (Debian package postgresql)");
  return after;
}

/** pgbench's figures plus latency percentiles from its transaction log. */
export interface PgbenchResult extends PgbenchReport {
  latenciesMs: number[];
  scale: number;
  clients: number;
  seconds: number;
}

async function run(bin: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(bin, { args: [...CONNECT, ...args], env: ENV }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`pgbench ${args.join(" ")} failed: ${text.slice(-2000)}`);
  return text;
}

/**
 * Initializes a scratch database at `scale`, runs the default script with `clients`
 * connections (one thread per core) for `seconds`, and drops the database.
 */
export async function runPgbench(
  options: { clients: number; seconds: number; scale: number },
): Promise<PgbenchResult> {
  const { clients, seconds, scale } = options;
  const bin = await findPgbench();
  const database = `bench_pgbench_${crypto.randomUUID().slice(0, 8)}`;
  const admin = postgres(`${ADMIN_URL}/postgres`, { max: 1, onnotice: () => {} });
  const logDir = await Deno.makeTempDir({ prefix: "marquee-pgbench-" });
  try {
    await admin.unsafe(`create database ${database}`);
    await run(bin, ["-i", "-q", "-s", String(scale), database]);
    const threads = Math.min(clients, navigator.hardwareConcurrency || 1);
    const text = await run(bin, [
      "-c",
      String(clients),
      "-j",
      String(threads),
      "-T",
      String(seconds),
      "-l",
      `--log-prefix=${logDir}/tx`,
      database,
    ]);
    const latenciesMs: number[] = [];
    for await (const entry of Deno.readDir(logDir)) {
      latenciesMs.push(...parsePgbenchLog(await Deno.readTextFile(`${logDir}/${entry.name}`)));
    }
    return { ...parsePgbenchReport(text), latenciesMs, scale, clients, seconds };
  } finally {
    await admin.unsafe(`drop database if exists ${database} with (force)`).catch(() => {});
    await admin.end({ timeout: 5 });
    await Deno.remove(logDir, { recursive: true }).catch(() => {});
  }
}
