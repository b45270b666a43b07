/**
 * Checkout benchmark with its Postgres baseline, in one run:
 *   1. checkout throughput and latency from `POST /api/orders` to COMPLETED, for an
 *      unlimited product (no hold) and a limited one (hold reserved and committed), the
 *      end seen on each order's SSE stream and as the order records it;
 *   2. outbox relay lag per service database, read from the outbox rows themselves;
 *   3. database transactions one checkout costs (`pg_stat_database` deltas);
 *   4. pgbench's TPC-B-like default at the same concurrency on the same server.
 * Runs the platform in servers mode on ports shifted by 8000. Usage:
 * `deno run -A tests/bench/checkout.ts` (BENCH_DURATION, BENCH_CONCURRENCY, BENCH_BUYERS,
 * BENCH_WARMUP, BENCH_PGBENCH_SCALE override).
 * @module
 */
import { answersOk, eventually, seedPublishedProduct, startPlatform } from "@marquee/testing";
import { type Buyer, checkout, drive, type Outcome, signUpBuyer } from "./_checkout_load.ts";
import { checkoutReport, stagesReport } from "./_checkout_report.ts";
import { ms, parseSeconds, row, summarize } from "./_figures.ts";
import { coresUsed, cpuSnapshot } from "./_cpu.ts";
import { findPgbench, runPgbench } from "./_pgbench.ts";
import { outboxRows, xactDelta, xactSnapshot } from "./_pg_stats.ts";

const OFFSET = 8000;
const EDGE = `http://localhost:${8000 + OFFSET}`;
const env = (name: string, fallback: string) => Deno.env.get(name) ?? fallback;
const DURATION = parseSeconds(env("BENCH_DURATION", "30s"));
const WARMUP = parseSeconds(env("BENCH_WARMUP", "5s"));
const CONCURRENCY = Number(env("BENCH_CONCURRENCY", "16"));
const BUYERS = Number(env("BENCH_BUYERS", String(CONCURRENCY)));
const SCALE = Number(env("BENCH_PGBENCH_SCALE", String(CONCURRENCY)));
const CHECKOUT_SERVICES = {
  orders: 8103,
  payments: 8104,
  subscriptions: 8105,
  notifications: 8106,
};
const ORDER_TIMEOUT_MS = 60_000;
// Idle connections report their counters to pg_stat_database within 10 s.
const STATS_SETTLE_MS = 11_000;
const IDLE_WINDOW_MS = 10_000;
// The edge's limits (anonymous, signed-in, sign-in) would measure 429s, not the checkout.
const LIMITS = {
  RATE_LIMIT_ANONYMOUS: "100000000/60s",
  RATE_LIMIT_USER: "100000000/60s",
  RATE_LIMIT_AUTH: "100000000/60s",
};

for (const [name, n] of Object.entries({ CONCURRENCY, BUYERS, SCALE })) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_${name} must be a positive integer`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.error(`[bench:checkout] ${line}`);

/** Processes whose command line matches `pattern` (anchored on the deno binary). */
async function count(pattern: string): Promise<number> {
  const out = await new Deno.Command("pgrep", { args: ["-fc", pattern] }).output();
  return Number(new TextDecoder().decode(out.stdout).trim() || "0");
}

/** Other copies of the platform (`infra/dev.ts`) and test runs, which share consumer groups. */
async function neighbours(own: number) {
  return {
    platforms: await count("^[^ ]*deno run -A [^ ]*infra/dev\\.ts") - own,
    tests: await count("^[^ ]*deno test"),
  };
}

async function signUpBuyers(n: number): Promise<Buyer[]> {
  const buyers: Buyer[] = [];
  while (buyers.length < n) {
    const batch = Math.min(4, n - buyers.length); // password hashing is CPU-bound
    buyers.push(...await Promise.all(Array.from({ length: batch }, () => signUpBuyer(EDGE))));
  }
  return buyers;
}

const seen = [await neighbours(0)];
const pgbench = await findPgbench();
log(`pgbench at ${pgbench}; running beside: ${JSON.stringify(seen[0])}`);
const platform = await startPlatform({
  runner: new URL("../../infra/dev.ts", import.meta.url),
  offset: OFFSET,
  env: LIMITS,
});
let report: string[] = [];
let stages: string[] = [];
let measured: Outcome[] = [];
let seconds = 0;
let xactsPerCheckout = NaN;
try {
  // startPlatform waits for the edge, users and catalog; checkout needs four more.
  for (const [name, port] of Object.entries(CHECKOUT_SERVICES)) {
    const url = `http://127.0.0.1:${port + OFFSET}/health/ready`;
    await eventually(() => answersOk(url), 120_000, `${name} ready`);
  }
  const unlimited = await seedPublishedProduct(EDGE, { type: "course" });
  const limited = await seedPublishedProduct(EDGE, {
    type: "live_ticket",
    capacity: 1_000_000,
    event: { localStart: "2030-05-01T18:00", timeZone: "Europe/Paris" },
  });
  const items = [
    { productId: unlimited.id, kind: "unlimited" },
    { productId: limited.id, kind: "limited" },
  ];
  const buyers = await signUpBuyers(BUYERS);
  log(`seeded 2 products and ${buyers.length} buyers`);

  // The first orders wait for consumer groups to join; they must complete before timing.
  const first = await Promise.all(
    items.map((item, i) => checkout(EDGE, buyers[i % buyers.length]!, item, 180_000)),
  );
  const notDone = first.filter((o) => o.status !== "COMPLETED");
  if (notDone.length) throw new Error(`First orders did not complete: ${JSON.stringify(notDone)}`);
  const deadline = performance.now() + WARMUP * 1000;
  const warm = await drive({
    base: EDGE,
    buyers,
    items,
    workers: CONCURRENCY,
    deadline,
    timeoutMs: ORDER_TIMEOUT_MS,
  });
  log(`warmed up with ${warm.length} orders; settling`);

  await sleep(STATS_SETTLE_MS);
  const idle0 = await xactSnapshot();
  await sleep(IDLE_WINDOW_MS);
  const idle1 = await xactSnapshot();
  const since = new Date();
  const sampler = setInterval(() => void neighbours(1).then((n) => seen.push(n)), 2_000);
  const cpu0 = await cpuSnapshot(OFFSET);
  const t0 = performance.now();
  log(`driving ${CONCURRENCY} workers for ${DURATION} s`);
  measured = await drive({
    base: EDGE,
    buyers,
    items,
    workers: CONCURRENCY,
    deadline: t0 + DURATION * 1000,
    timeoutMs: ORDER_TIMEOUT_MS,
  });
  seconds = (performance.now() - t0) / 1000;
  const cores = coresUsed(cpu0, await cpuSnapshot(OFFSET), seconds);
  clearInterval(sampler);
  await sleep(STATS_SETTLE_MS);
  const after = await xactSnapshot();
  const ids = [
    ...measured.flatMap((o) => o.orderId ? [o.orderId] : []),
    unlimited.id,
    limited.id,
  ];
  const rows = await outboxRows(ids, since);
  const idleWindow = xactDelta(idle0, idle1);
  const spent = xactDelta(idle1, after);
  const done = measured.filter((o) => o.status === "COMPLETED").length;
  xactsPerCheckout = [...spent.values()].reduce((n, x) => n + x.commits, 0) / Math.max(1, done);

  report = [
    `# Checkout benchmark (${new Date().toISOString()}, ${DURATION} s after a ${WARMUP} s ` +
    `warm-up, ${CONCURRENCY} concurrent buyers of ${buyers.length}, servers mode)`,
    "",
    "Each worker places an order (one item, pm_card_visa, a fresh Idempotency-Key) and reads " +
    "the order's SSE stream until it ends, then places the next. Edge and sign-in rate " +
    "limits raised to 100000000/60s so the limiter does not dominate.",
    "",
    ...checkoutReport({
      measured,
      seconds,
      rows,
      idleWindow,
      idleSeconds: IDLE_WINDOW_MS / 1000,
      spent,
      spentSeconds: seconds + STATS_SETTLE_MS / 1000,
    }),
    row([
      `CPU during the measured phase (cores busy, of ${navigator.hardwareConcurrency})`,
      cores.reduce((n, [, c]) => n + c, 0).toFixed(2),
      "—",
      "—",
      "—",
      cores.map(([group, c]) => `${group} ${c.toFixed(2)}`).join(", "),
    ]),
  ];
  stages = stagesReport(measured, rows);
} finally {
  await platform.stop();
}

log(`running pgbench: scale ${SCALE}, ${CONCURRENCY} clients, ${DURATION} s`);
const pg = await runPgbench({ clients: CONCURRENCY, seconds: Math.round(DURATION), scale: SCALE });
const pgLat = summarize(pg.latenciesMs);
const completed = measured.filter((o) => o.status === "COMPLETED").length;
const checkoutRate = completed / seconds;
report.push(
  row([
    `pgbench TPC-B-like default, scale ${pg.scale}, -c ${pg.clients} -T ${pg.seconds}`,
    `${pg.tps.toFixed(0)} tps`,
    ms(pgLat.p50),
    ms(pgLat.p95),
    ms(pgLat.p99),
    `${pg.transactions} transactions, ${pg.failed} failed, average ${ms(pg.latencyAvgMs)}`,
  ]),
  row([
    "ratio: checkout orders/s ÷ pgbench tps",
    `${(checkoutRate / pg.tps).toFixed(4)}×`,
    "—",
    "—",
    "—",
    `one checkout takes the time of ${(pg.tps / checkoutRate).toFixed(0)} pgbench ` +
    `transactions but commits ${xactsPerCheckout.toFixed(1)}: checkout drove ${
      (xactsPerCheckout * checkoutRate).toFixed(0)
    } commits/s, ${(100 * xactsPerCheckout * checkoutRate / pg.tps).toFixed(0)}% of pgbench's tps`,
  ]),
);
seen.push(await neighbours(0));
console.log([...report, "", ...stages].join("\n"));
const platforms = Math.max(...seen.map((n) => n.platforms));
const tests = Math.max(...seen.map((n) => n.tests));
console.log(
  platforms + tests > 0
    ? `\nNot a quiet run: up to ${platforms} other copies of the platform and ${tests} test ` +
      "runs were active (they share the databases, topics and consumer groups)."
    : "\nQuiet run: no other copy of the platform and no test run was active.",
);
