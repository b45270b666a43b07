/**
 * Storefront and gateway benchmarks, each measured side by side with its peer in one run:
 *   1. a cached storefront page through the edge vs a bare Deno.serve with the same bytes;
 *   2. an uncached product page render (storefront → catalog → Postgres);
 *   3. a catalog GET through the gateway vs straight to the catalog service, closed loop (the
 *      paths taking turns in rounds) and open loop at fixed rates.
 * Runs the platform in servers mode (real Postgres, Kafka, Redis, MinIO) on shifted ports
 * and drives load with wrk on loopback. Usage: `deno task bench:storefront`.
 * @module
 */
import {
  answersOk,
  eventually,
  fetchOnNewConnection,
  seedPublishedProduct,
  startPlatform,
} from "@marquee/testing";
import {
  attack,
  ensureVegeta,
  formatOpenLoop as fmtOpen,
  type OpenLoopResult,
  report as openLoopReport,
} from "./_vegeta.ts";
import { edgeServersEnv } from "../../infra/services.ts";
import { percentile } from "./_figures.ts";
import { inTurns } from "./_turns.ts";

const OFFSET = 4000;
const EDGE = `http://localhost:${8000 + OFFSET}`;
const CATALOG = `http://127.0.0.1:${8102 + OFFSET}`;
const ROOT = new URL("../../", import.meta.url).pathname;
const DURATION = Deno.env.get("BENCH_DURATION") ?? "10s";
const CONNECTIONS = Deno.env.get("BENCH_CONNECTIONS") ?? "16";
// The edge runs as in its container, one isolate per core (`EDGE_WORKERS`); the bare
// peer runs in the same shape, and once more as a single listener.
const WORKERS = Number(Deno.env.get("BENCH_EDGE_WORKERS") ?? navigator.hardwareConcurrency);
// Latency overhead is also measured at fixed arrival rates (open loop, vegeta), these shares
// of the direct path's saturated throughput; wrk's closed loop runs each path at capacity.
const OPEN_LOOP_SHARES = (Deno.env.get("BENCH_OPEN_LOOP_SHARES") ?? "0.1,0.25").split(",")
  .map(Number);
// The three paths take turns in short rounds, so that a noisy stretch of the shared machine
// falls on all of them rather than on whichever ran then; each path's rounds are reported
// together.
const OPEN_LOOP_ROUNDS = Number(Deno.env.get("BENCH_OPEN_LOOP_ROUNDS") ?? 3);
const OPEN_LOOP_ROUND = Deno.env.get("BENCH_OPEN_LOOP_ROUND") ?? "4s";
// The gateway's closed-loop paths take turns the same way; each path's figures are the
// median of its rounds (throughput the mean).
const CLOSED_LOOP_ROUNDS = Number(Deno.env.get("BENCH_CLOSED_LOOP_ROUNDS") ?? 3);
const CLOSED_LOOP_ROUND = Deno.env.get("BENCH_CLOSED_LOOP_ROUND") ?? "5s";
// Before its rounds each path gets an untimed run of this length, so that none is measured
// while its code is still being compiled (the one-isolate edge starts just before them).
const CLOSED_LOOP_WARMUP = Deno.env.get("BENCH_CLOSED_LOOP_WARMUP") ?? "3s";

interface Result {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function ensureWrk() {
  const found = await new Deno.Command("sh", { args: ["-c", "command -v wrk"] }).output();
  if (found.success) return;
  const ok = await new Deno.Command("sh", {
    args: [
      "-c",
      "apt-get install -y wrk >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y wrk >/dev/null)",
    ],
  }).spawn().status;
  if (!ok.success) throw new Error("Could not install wrk");
}

async function wrk(
  url: string,
  headers: Record<string, string> = {},
  duration = DURATION,
): Promise<Result> {
  const args = ["-t1", `-c${CONNECTIONS}`, `-d${duration}`, "-s", `${ROOT}tests/bench/report.lua`];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
  const out = await new Deno.Command("wrk", { args: [...args, url] }).output();
  const line = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!;
  return JSON.parse(line);
}

/**
 * Each URL warmed up, then driven in turn `CLOSED_LOOP_ROUNDS` times; per URL the rounds'
 * medians.
 */
async function closedLoopRounds<K extends string>(
  urls: Record<K, string>,
  headers: Record<string, string>,
): Promise<Record<K, Result>> {
  const names = Object.keys(urls) as K[];
  for (const name of names) await wrk(urls[name], headers, CLOSED_LOOP_WARMUP);
  const rounds = await inTurns(
    names,
    CLOSED_LOOP_ROUNDS,
    (name) => wrk(urls[name], headers, CLOSED_LOOP_ROUND),
  );
  const median = (values: number[]) => percentile(values, 0.5);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return Object.fromEntries(names.map((name) => {
    const results = rounds[name];
    const of = (key: keyof Result) => results.map((r) => r[key]);
    return [name, {
      rps: sum(of("rps")) / results.length,
      p50: median(of("p50")),
      p95: median(of("p95")),
      p99: median(of("p99")),
      errors: sum(of("errors")),
      non2xx: sum(of("non2xx")),
    }];
  })) as Record<K, Result>;
}

/** A Deno process of the bench. */
function spawn(args: string[], env: Record<string, string> = {}) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    env,
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/** The bare peer on `port`, with `workers` isolates (SO_REUSEPORT, as the edge) or one. */
const bareServer = (port: number, workers: number, env: Record<string, string>) =>
  spawn(["--unstable-net", `${ROOT}tests/bench/fixtures/bare_server.ts`, String(port)], {
    ...env,
    BARE_WORKERS: String(workers),
  });

/**
 * The p95 of `path` against the direct path's and the bare proxy's, and whether the guards
 * hold: at most 1.5× direct + 2 ms, and at most 1.4× the bare fetch proxy when it is given.
 */
function overhead(
  label: string,
  path: { p95: number },
  direct: { p95: number },
  proxy?: { p95: number },
) {
  const target = direct.p95 * 1.5 + 2;
  const againstDirect = `p95 ${label}/direct: ${(path.p95 / direct.p95).toFixed(2)}× (${
    (path.p95 - direct.p95).toFixed(2)
  } ms over; guard ≤ 1.5× + 2 ms = ${target.toFixed(2)} ms: ${
    path.p95 <= target ? "met" : "not met"
  })`;
  if (!proxy) return againstDirect;
  const ratio = path.p95 / proxy.p95;
  return `${againstDirect}; ${label}/bare proxy: ${ratio.toFixed(2)}× (guard ≤ 1.4×: ${
    ratio <= 1.4 ? "met" : "not met"
  })`;
}

const fmt = (r: Result) =>
  `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, p99 ${
    r.p99.toFixed(2)
  } ms${r.errors || r.non2xx ? `, ${r.errors} errors, ${r.non2xx} non-2xx` : ""}`;

await ensureWrk();
await ensureVegeta();
// Limits would measure the limiter's 429s, not the page.
const UNLIMITED = { RATE_LIMIT_ANONYMOUS: "100000000/60s", RATE_LIMIT_USER: "100000000/60s" };
const platform = await startPlatform({
  runner: new URL("../../infra/dev.ts", import.meta.url),
  offset: OFFSET,
  env: { ...UNLIMITED, EDGE_WORKERS: String(WORKERS) },
});
const children: Deno.ChildProcess[] = [];
try {
  const { slug, token } = await seedPublishedProduct(EDGE);
  const page = `${EDGE}/products/${slug}`;
  await eventually(() => answersOk(page), 10_000, "product page");

  // 1. Cached page vs bare Deno.serve with the same bytes.
  const bytes = new Uint8Array(await (await fetch(page)).arrayBuffer());
  // Every edge isolate caches its own copy; new connections reach each of them.
  const probe = () => fetchOnNewConnection(page);
  let cachedProbe = await probe();
  for (let i = 0; i < 40 && cachedProbe.headers.get("x-cache") !== "HIT"; i++) {
    for (let j = 0; j < WORKERS * 4; j++) await probe();
    cachedProbe = await probe();
  }
  const cacheState = cachedProbe.headers.get("x-cache");
  const file = await Deno.makeTempFile({ suffix: ".html" });
  await Deno.writeFile(file, bytes);
  const barePort = 8099 + OFFSET;
  children.push(bareServer(barePort, WORKERS, { BARE_BODY: file }));
  await eventually(() => answersOk(`http://127.0.0.1:${barePort}/`), 20_000, "bare server");
  const bare = await wrk(`http://127.0.0.1:${barePort}/`);
  const singlePort = 8095 + OFFSET;
  children.push(bareServer(singlePort, 1, { BARE_BODY: file }));
  await eventually(() => answersOk(`http://127.0.0.1:${singlePort}/`), 20_000, "bare server");
  const bareSingle = await wrk(`http://127.0.0.1:${singlePort}/`);
  // The same answer with every header the edge sends (security headers, CSP, ids): what
  // the runtime's HTTP layer costs for them alone, apart from the edge's own work.
  const sent = [...cachedProbe.headers].filter(([name]) =>
    name !== "date" && name !== "content-length"
  );
  const headersFile = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(headersFile, JSON.stringify(sent));
  const dressedPort = 8097 + OFFSET;
  children.push(bareServer(dressedPort, WORKERS, { BARE_BODY: file, BARE_HEADERS: headersFile }));
  await eventually(() => answersOk(`http://127.0.0.1:${dressedPort}/`), 20_000, "bare server");
  const dressed = await wrk(`http://127.0.0.1:${dressedPort}/`);
  const cached = await wrk(page);

  // 2. Uncached render: the storefront alone, every request rendering from the catalog.
  const sfPort = 8098 + OFFSET;
  children.push(
    spawn([`${ROOT}tests/bench/fixtures/storefront_server.ts`, CATALOG, String(sfPort)]),
  );
  await eventually(
    () => answersOk(`http://127.0.0.1:${sfPort}/products/${slug}`),
    30_000,
    "storefront",
  );
  const uncached = await wrk(`http://127.0.0.1:${sfPort}/products/${slug}`);

  // 3. Gateway vs direct, as a signed-in reader: the token keeps the edge from caching, so
  // this is routing, JWT check, rate limit and proxying. The anonymous GET is cacheable.
  const bearer = { authorization: `Bearer ${token}` };
  // The edge in the shape `deno task dev` gives it, one isolate, beside the container shape:
  // here the edge shares its cores with the services, PostgreSQL and the load generator.
  const singleEdgePort = 8094 + OFFSET;
  const SINGLE_EDGE = `http://127.0.0.1:${singleEdgePort}`;
  children.push(spawn([`${ROOT}edge/main.ts`], {
    ...edgeServersEnv(OFFSET),
    PORT: String(singleEdgePort),
    EDGE_WORKERS: "1",
    EDGE_INSTANCE_ID: `bench-${singleEdgePort}`,
    RATE_LIMIT_PREFIX: `marquee:edge:rl:${singleEdgePort}`,
    ...UNLIMITED,
    LOG_LEVEL: "error",
  }));
  await eventually(() => answersOk(`${SINGLE_EDGE}/health/ready`), 30_000, "one-isolate edge");
  const proxyPort = 8096 + OFFSET;
  children.push(spawn([`${ROOT}tests/bench/fixtures/bare_proxy.ts`, CATALOG, String(proxyPort)]));
  await eventually(() => answersOk(`http://127.0.0.1:${proxyPort}/health/live`), 20_000, "proxy");
  const { direct, gateway, gatewaySingle, bareProxy } = await closedLoopRounds({
    direct: `${CATALOG}/api/products/${slug}`,
    gateway: `${EDGE}/api/products/${slug}`,
    gatewaySingle: `${SINGLE_EDGE}/api/products/${slug}`,
    bareProxy: `http://127.0.0.1:${proxyPort}/api/products/${slug}`,
  }, bearer);
  const anonymous = await wrk(`${EDGE}/api/products/${slug}`);

  // 4. The same three at fixed arrival rates, open loop: the latency a reader sees when the
  // servers are busy but not saturated.
  // The saturating runs above leave work behind (collections, checkpoints): let it settle,
  // and give each path a short untimed run at the rate before its measured rounds.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const openLoops = [];
  for (const share of OPEN_LOOP_SHARES) {
    const rate = Math.max(50, Math.round(direct.rps * share));
    const paths = {
      direct: CATALOG,
      gateway: EDGE,
      gatewaySingle: SINGLE_EDGE,
      proxy: `http://127.0.0.1:${proxyPort}`,
    };
    const names = Object.keys(paths) as Array<keyof typeof paths>;
    const url = (name: keyof typeof paths) => `${paths[name]}/api/products/${slug}`;
    const warm = await Deno.makeTempFile({ suffix: ".vegeta" });
    for (const name of names) await attack(warm, url(name), rate, "2s", bearer);
    await Deno.remove(warm);
    const files = await inTurns(names, OPEN_LOOP_ROUNDS, async (name) => {
      const file = await Deno.makeTempFile({ suffix: ".vegeta" });
      await attack(file, url(name), rate, OPEN_LOOP_ROUND, bearer);
      return file;
    });
    const results = {} as Record<keyof typeof paths, OpenLoopResult>;
    for (const name of names) {
      results[name] = await openLoopReport(files[name], rate);
      for (const file of files[name]) await Deno.remove(file);
    }
    openLoops.push({ share, rate, ...results });
  }

  const report = [
    `# Storefront benchmarks (${
      new Date().toISOString()
    }, ${DURATION}, ${CONNECTIONS} connections, wrk -t1; edge and bare peers with ${WORKERS} worker(s))`,
    "",
    `1. Cached page through the edge (x-cache ${cacheState}): ${fmt(cached)}`,
    `   Bare Deno server, same ${bytes.length} bytes, ${WORKERS} worker(s): ${fmt(bare)}`,
    `   Bare Deno server, same bytes, one listener: ${fmt(bareSingle)}`,
    `   Bare Deno server, same bytes and the same ${sent.length} headers: ${fmt(dressed)}`,
    `   Ratio edge/bare: ${
      (cached.rps / bare.rps).toFixed(2)
    }× (guard ≥ 0.35×); edge/bare one listener: ${
      (cached.rps / bareSingle.rps).toFixed(2)
    }×; edge/same-headers: ${(cached.rps / dressed.rps).toFixed(2)}×`,
    `2. Uncached product page render (storefront → catalog → Postgres): ${fmt(uncached)}`,
    `3. Catalog GET with a bearer token, closed loop, ${CLOSED_LOOP_ROUNDS} rounds of ${CLOSED_LOOP_ROUND} per path taken in turns after a ${CLOSED_LOOP_WARMUP} warm-up each (median of rounds, mean req/s):`,
    `   straight to the service: ${fmt(direct)}`,
    `   Same GET through the gateway, ${WORKERS} isolate(s): ${fmt(gateway)}`,
    `   ${overhead("gateway", gateway, direct, bareProxy)}, throughput ${
      (gateway.rps / direct.rps).toFixed(2)
    }×`,
    `   Same GET through the gateway, one isolate: ${fmt(gatewaySingle)}`,
    `   ${overhead("gateway", gatewaySingle, direct, bareProxy)}, throughput ${
      (gatewaySingle.rps / direct.rps).toFixed(2)
    }×`,
    `   Same GET through a bare Deno proxy (fetch and return, no checks): ${fmt(bareProxy)}`,
    `   p95 bare proxy/direct: ${(bareProxy.p95 / direct.p95).toFixed(2)}×, throughput ${
      (bareProxy.rps / direct.rps).toFixed(2)
    }×; gateway/bare proxy p95 ${(gateway.p95 / bareProxy.p95).toFixed(2)}×`,
    `   Anonymous GET through the gateway, cached at the edge: ${fmt(anonymous)}`,
    ...openLoops.flatMap(({ share, rate, direct, gateway, gatewaySingle, proxy }) => [
      `4. Open loop at ${rate} req/s (${share} of direct's capacity), vegeta, ${OPEN_LOOP_ROUNDS} rounds of ${OPEN_LOOP_ROUND} per path, taken in turns:`,
      `   straight to the service: ${fmtOpen(direct)}`,
      `   through the gateway, ${WORKERS} isolate(s): ${fmtOpen(gateway)}`,
      `   through the gateway, one isolate: ${fmtOpen(gatewaySingle)}`,
      `   through the bare proxy: ${fmtOpen(proxy)}`,
      `   ${overhead(`gateway (${WORKERS} isolates)`, gateway, direct, proxy)}`,
      `   ${overhead("gateway (one isolate)", gatewaySingle, direct, proxy)}`,
      `   ${overhead("bare proxy", proxy, direct)}`,
    ]),
  ].join("\n");
  console.log(report);
  await Deno.remove(file);
  await Deno.remove(headersFile);
} finally {
  await platform.stop();
  for (const c of children) {
    try {
      c.kill("SIGTERM");
    } catch { /* already gone */ }
    await c.status;
  }
}
