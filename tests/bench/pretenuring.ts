/**
 * The edge with V8's allocation-site pretenuring on (V8's default) and off (the platform's
 * setting, `RUNTIME_FLAGS` in `infra/services.ts`). Whether pretenuring hurts depends on what
 * V8 saw while the edge was cold, so one start proves little: fresh edge processes (one
 * isolate each) are started in turns, each warmed and then driven with signed-in catalog
 * reads at a fixed rate (open loop, vegeta) with V8's GC trace on. Prints each start's
 * promotion, collections and latency, then each setting's medians and their ratio.
 * Runs the platform in servers mode on ports shifted by 10000.
 * Usage: `deno task bench:pretenuring` (`BENCH_PRETENURING_RATE` reads/s, 1900 by default;
 * `BENCH_PRETENURING_STARTS` per setting, 4; `BENCH_PRETENURING_SECONDS` measured, 10).
 * @module
 */
import { answersOk, eventually, seedPublishedProduct, startPlatform } from "@marquee/testing";
import { edgeServersEnv, RUNTIME_FLAGS } from "../../infra/services.ts";
import { percentile } from "./_figures.ts";
import { parseGcTrace, summarizeGc } from "./_gc_trace.ts";
import { inTurns } from "./_turns.ts";
import { attack, ensureVegeta, report } from "./_vegeta.ts";

const OFFSET = 10_000;
const EDGE = `http://localhost:${8000 + OFFSET}`;
const ROOT = new URL("../../", import.meta.url).pathname;
const RATE = Number(Deno.env.get("BENCH_PRETENURING_RATE") ?? 1900);
const STARTS = Number(Deno.env.get("BENCH_PRETENURING_STARTS") ?? 4);
const SECONDS = Number(Deno.env.get("BENCH_PRETENURING_SECONDS") ?? 10);
const WARM_SECONDS = 4;
const UNLIMITED = { RATE_LIMIT_ANONYMOUS: "100000000/60s", RATE_LIMIT_USER: "100000000/60s" };
const OFF = "--no-allocation-site-pretenuring";
// What the platform's processes run with (`RUNTIME_FLAGS`) against V8's default.
if (!RUNTIME_FLAGS.some((flag) => flag.includes(OFF))) {
  throw new Error(`RUNTIME_FLAGS no longer carry ${OFF}: update this bench`);
}
type Setting = "V8 default" | "pretenuring off";
const SETTINGS: Record<Setting, string[]> = { "V8 default": [], "pretenuring off": [OFF] };

interface Start {
  promotedMBps: number;
  scavengePauseMs: number;
  fullCollections: number;
  pausedMsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  success: number;
}

async function start(setting: Setting, round: number, path: string, token: string) {
  const port = 8090 + OFFSET + round;
  const v8 = ["--trace-gc-nvp", ...SETTINGS[setting]].join(",");
  const spawned = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `--v8-flags=${v8}`, `${ROOT}edge/main.ts`],
    env: {
      ...edgeServersEnv(OFFSET),
      ...UNLIMITED,
      PORT: String(port),
      EDGE_WORKERS: "1",
      EDGE_INSTANCE_ID: `bench-pretenuring-${port}`,
      RATE_LIMIT_PREFIX: `marquee:edge:rl:${port}`,
      LOG_LEVEL: "error",
    },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const trace = new Response(child.stdout).text();
  const url = `http://127.0.0.1:${port}${path}`;
  const bearer = { authorization: `Bearer ${token}` };
  try {
    await eventually(() => answersOk(`http://127.0.0.1:${port}/health/ready`), 30_000, "edge");
    const warm = await Deno.makeTempFile({ suffix: ".vegeta" });
    await attack(warm, url, RATE, `${WARM_SECONDS}s`, bearer);
    // The trace counts milliseconds from the isolate's start, a few ms after the spawn.
    const from = performance.now() - spawned;
    const file = await Deno.makeTempFile({ suffix: ".vegeta" });
    await attack(file, url, RATE, `${SECONDS}s`, bearer);
    const to = performance.now() - spawned;
    const reads = await report([file], RATE);
    await Deno.remove(warm);
    await Deno.remove(file);
    child.kill("SIGTERM");
    await child.status;
    const gc = summarizeGc(parseGcTrace(await trace).filter((e) => e.atMs >= from && e.atMs <= to));
    const seconds = (to - from) / 1000;
    return {
      promotedMBps: gc.promotedBytes / 1e6 / seconds,
      scavengePauseMs: gc.scavengePauseMs / Math.max(1, gc.scavenges),
      fullCollections: gc.fullCollections,
      pausedMsPerSecond: gc.pauseMs / seconds,
      p50: reads.p50,
      p95: reads.p95,
      p99: reads.p99,
      success: reads.success,
    } satisfies Start;
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    await trace.catch(() => "");
  }
}

const line = (s: Start) =>
  `promoted ${s.promotedMBps.toFixed(2)} MB/s, scavenges ${
    s.scavengePauseMs.toFixed(2)
  } ms each, ${s.fullCollections} full collections, ${
    s.pausedMsPerSecond.toFixed(1)
  } ms paused per second; reads p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, p99 ${
    s.p99.toFixed(2)
  } ms, ${(s.success * 100).toFixed(1)}% 2xx`;

await ensureVegeta();
const platform = await startPlatform({ offset: OFFSET, env: UNLIMITED });
try {
  const { slug, token } = await seedPublishedProduct(EDGE);
  const path = `/api/products/${slug}`;
  const settings = Object.keys(SETTINGS) as Setting[];
  const starts = await inTurns(settings, STARTS, (s, round) => start(s, round, path, token));
  const median = (s: Setting, key: keyof Start) => percentile(starts[s].map((r) => r[key]), 0.5);
  const medians = (s: Setting) =>
    Object.fromEntries(
      (Object.keys(starts[s][0]!) as Array<keyof Start>).map((key) => [key, median(s, key)]),
    ) as unknown as Start;
  const [on, off] = settings.map(medians) as [Start, Start];
  const ratio = (key: keyof Start) => (off[key] / on[key]).toFixed(2);
  console.log([
    `# Allocation-site pretenuring in the edge (${
      new Date().toISOString()
    }): ${RATE} signed-in reads/s for ${SECONDS} s after ${WARM_SECONDS} s of warm-up, ${STARTS} fresh starts per setting, taken in turns`,
    ...settings.flatMap((s) => [
      `${s} (${SETTINGS[s].join(",") || "no flags"}):`,
      ...starts[s].map((r, i) => `   start ${i + 1}: ${line(r)}`),
    ]),
    `medians: V8 default: ${line(on)}`,
    `         pretenuring off: ${line(off)}`,
    `   off/default: promoted ${ratio("promotedMBps")}×, paused ${
      ratio("pausedMsPerSecond")
    }×, p95 ${ratio("p95")}×, p99 ${ratio("p99")}×; starts with a full collection while measured: ${
      starts["V8 default"].filter((r) => r.fullCollections > 0).length
    } of ${STARTS} against ${
      starts["pretenuring off"].filter((r) => r.fullCollections > 0).length
    }`,
  ].join("\n"));
} finally {
  await platform.stop();
}
