/**
 * Storefront and gateway benchmarks, each measured side by side with its peer in one run:
 *   1. a cached storefront page through the edge vs a bare Deno.serve with the same bytes;
 *   2. an uncached product page render (storefront → catalog → Postgres);
 *   3. a catalog GET through the gateway vs straight to the catalog service.
 * Runs the platform in servers mode (real Postgres, Kafka, Redis, MinIO) on shifted ports
 * and drives load with wrk on loopback. Usage: `deno task bench:storefront`.
 * @module
 */
import { answersOk, eventually, seedPublishedProduct, startPlatform } from "@marquee/testing";

const OFFSET = 4000;
const EDGE = `http://localhost:${8000 + OFFSET}`;
const CATALOG = `http://127.0.0.1:${8102 + OFFSET}`;
const ROOT = new URL("../../", import.meta.url).pathname;
const DURATION = Deno.env.get("BENCH_DURATION") ?? "10s";
const CONNECTIONS = Deno.env.get("BENCH_CONNECTIONS") ?? "16";

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

async function wrk(url: string, headers: Record<string, string> = {}): Promise<Result> {
  const args = ["-t1", `-c${CONNECTIONS}`, `-d${DURATION}`, "-s", `${ROOT}tests/bench/report.lua`];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
  const out = await new Deno.Command("wrk", { args: [...args, url] }).output();
  const line = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!;
  return JSON.parse(line);
}

function spawn(args: string[], env: Record<string, string> = {}) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    env,
    stdout: "null",
    stderr: "null",
  }).spawn();
}

const fmt = (r: Result) =>
  `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, p99 ${
    r.p99.toFixed(2)
  } ms${r.errors || r.non2xx ? `, ${r.errors} errors, ${r.non2xx} non-2xx` : ""}`;

await ensureWrk();
const platform = await startPlatform({
  offset: OFFSET,
  // Limits would measure the limiter's 429s, not the page.
  env: { RATE_LIMIT_ANONYMOUS: "100000000/60s", RATE_LIMIT_USER: "100000000/60s" },
});
const children: Deno.ChildProcess[] = [];
try {
  const { slug, token } = await seedPublishedProduct(EDGE);
  const page = `${EDGE}/products/${slug}`;
  await eventually(() => answersOk(page), 10_000, "product page");

  // 1. Cached page vs bare Deno.serve with the same bytes.
  const bytes = new Uint8Array(await (await fetch(page)).arrayBuffer());
  const cachedProbe = await fetch(page);
  const cacheState = cachedProbe.headers.get("x-cache");
  await cachedProbe.body?.cancel();
  const file = await Deno.makeTempFile({ suffix: ".html" });
  await Deno.writeFile(file, bytes);
  const barePort = 8099 + OFFSET;
  children.push(spawn([`${ROOT}tests/bench/fixtures/bare_server.ts`, file, String(barePort)]));
  await eventually(() => answersOk(`http://127.0.0.1:${barePort}/`), 20_000, "bare server");
  const bare = await wrk(`http://127.0.0.1:${barePort}/`);
  // The same answer with every header the edge sends (security headers, CSP, ids): what
  // the runtime's HTTP layer costs for them alone, apart from the edge's own work.
  const sent = [...cachedProbe.headers].filter(([name]) =>
    name !== "date" && name !== "content-length"
  );
  const headersFile = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(headersFile, JSON.stringify(sent));
  const dressedPort = 8097 + OFFSET;
  children.push(
    spawn([
      `${ROOT}tests/bench/fixtures/bare_server.ts`,
      file,
      String(dressedPort),
      headersFile,
    ]),
  );
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
  const direct = await wrk(`${CATALOG}/api/products/${slug}`, bearer);
  const gateway = await wrk(`${EDGE}/api/products/${slug}`, bearer);
  const proxyPort = 8096 + OFFSET;
  children.push(spawn([`${ROOT}tests/bench/fixtures/bare_proxy.ts`, CATALOG, String(proxyPort)]));
  await eventually(() => answersOk(`http://127.0.0.1:${proxyPort}/health/live`), 20_000, "proxy");
  const bareProxy = await wrk(`http://127.0.0.1:${proxyPort}/api/products/${slug}`, bearer);
  const anonymous = await wrk(`${EDGE}/api/products/${slug}`);

  const report = [
    `# Storefront benchmarks (${
      new Date().toISOString()
    }, ${DURATION}, ${CONNECTIONS} connections, wrk -t1)`,
    "",
    `1. Cached page through the edge (x-cache ${cacheState}): ${fmt(cached)}`,
    `   Bare Deno.serve, same ${bytes.length} bytes: ${fmt(bare)}`,
    `   Bare Deno.serve, same bytes and the same ${sent.length} headers: ${fmt(dressed)}`,
    `   Ratio edge/bare: ${
      (cached.rps / bare.rps).toFixed(2)
    }× (target ≥ 0.5×); edge/same-headers: ${(cached.rps / dressed.rps).toFixed(2)}×`,
    `2. Uncached product page render (storefront → catalog → Postgres): ${fmt(uncached)}`,
    `3. Catalog GET with a bearer token straight to the service: ${fmt(direct)}`,
    `   Same GET through the gateway: ${fmt(gateway)}`,
    `   p95 gateway/direct: ${(gateway.p95 / direct.p95).toFixed(2)}× (${
      (gateway.p95 - direct.p95).toFixed(2)
    } ms over; target ≤ 1.15× + 2 ms = ${(direct.p95 * 1.15 + 2).toFixed(2)} ms), throughput ${
      (gateway.rps / direct.rps).toFixed(2)
    }×`,
    `   Same GET through a bare Deno proxy (fetch and return, no checks): ${fmt(bareProxy)}`,
    `   p95 bare proxy/direct: ${(bareProxy.p95 / direct.p95).toFixed(2)}×, throughput ${
      (bareProxy.rps / direct.rps).toFixed(2)
    }×; gateway/bare proxy p95 ${(gateway.p95 / bareProxy.p95).toFixed(2)}×`,
    `   Anonymous GET through the gateway, cached at the edge: ${fmt(anonymous)}`,
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
