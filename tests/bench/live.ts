/**
 * Live video benchmarks, each path measured in the same run as its peers:
 *   1. glass-to-glass latency, frame-stamped: a source stamps every frame with its capture
 *      time (`live/source.ts`) and pushes it over RTMP; headless Chromium plays it over WHEP
 *      and LL-HLS (hls.js low-latency mode) through the edge, LL-HLS straight from the media
 *      server (what the edge adds) and ffmpeg's classic HLS of the same encode (1 s segments,
 *      the usual setup), all at once, and reads the stamp of every presented frame;
 *   2. simulated LL-HLS viewers through the edge, stepped up until the p99 playlist answer
 *      passes 100 ms, with the edge's CPU per viewer.
 * Runs the platform in servers mode with MediaMTX on shifted ports.
 * Usage: `deno task bench:live`.
 * @module
 */
import { eventually, launchChromium, seedPublishedProduct, startPlatform } from "@marquee/testing";
import { MEDIA_PORTS, ROOT } from "../../infra/services.ts";
import { percentile } from "./_figures.ts";
import {
  bundlePlayer,
  openPlayer,
  play,
  playerStates,
  publish,
  serveFolder,
  servePlayer,
} from "./live/page.ts";
import type { PlayerKind, Sample } from "./live/player.ts";
import { FPS, startStampedSource } from "./live/source.ts";
import { mediaPlaylistUrl, startCrowd } from "./live/viewers.ts";
import { coresUsed, liveCpuSnapshot } from "./live/cpu.ts";

const OFFSET = 11700;
const EDGE = `http://localhost:${8000 + OFFSET}`;
const MEDIA_HLS = `http://127.0.0.1:${MEDIA_PORTS.hls + OFFSET}`;
const MEDIA_WEBRTC = `http://127.0.0.1:${MEDIA_PORTS.webrtc + OFFSET}`;
const FOLDER_PORT = 8090 + OFFSET;
/** Frames each path must present in the measured window. */
const MIN_FRAMES = Number(Deno.env.get("BENCH_LIVE_FRAMES") ?? 500);
/** Untimed seconds after the players start: connecting, buffering, hls.js catching up. */
const WARMUP_SEC = Number(Deno.env.get("BENCH_LIVE_WARMUP") ?? 8);
/** Simulated viewer counts, stepped up until the p99 playlist answer passes the target. */
const VIEWER_STEPS = (Deno.env.get("BENCH_LIVE_VIEWERS") ?? "10,25,50,75,100,150,200,300")
  .split(",").map(Number);
const STEP_SEC = Number(Deno.env.get("BENCH_LIVE_STEP") ?? 10);
const ANSWER_TARGET_MS = 100;
// Limits would measure the limiter's 429s, not the media path.
const UNLIMITED = { RATE_LIMIT_ANONYMOUS: "100000000/60s", RATE_LIMIT_USER: "100000000/60s" };

/** One step of simulated viewers: playlist answer times (ms) and cores busy per process. */
interface Step {
  viewers: number;
  answers: number;
  p50: number;
  p99: number;
  partP99: number;
  errors: number;
  cores: Record<string, number>;
}

const json = { "content-type": "application/json" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Median and p90 of the latencies shown from `from` on, in ms. */
function latencyFigures(samples: Sample[], from: number) {
  const latencies = samples.filter((s) => s.shownAt >= from).map((s) => s.latency);
  return {
    frames: latencies.length,
    p50: percentile(latencies, 0.5),
    p90: percentile(latencies, 0.9),
  };
}

/** A playback token for stream `id`, asked for as a signed-out viewer (the stream is free). */
async function playbackToken(id: string): Promise<string> {
  const res = await fetch(`${EDGE}/api/streams/${id}/playback`, { method: "POST", headers: json });
  if (!res.ok) throw new Error(`Playback answered ${res.status}: ${await res.text()}`);
  return (await res.json()).token;
}

/** A stream of a creator (bearer `token`): its id and ingest settings. */
async function createStream(token: string, title: string) {
  const created = await fetch(`${EDGE}/api/streams`, {
    method: "POST",
    headers: { ...json, authorization: `Bearer ${token}` },
    body: JSON.stringify({ title, scheduledStart: new Date(Date.now() + 60_000).toISOString() }),
  });
  if (!created.ok) throw new Error(`Creating a stream failed: ${await created.text()}`);
  const { stream, ingest } = await created.json();
  return { id: stream.id as string, ingest };
}

/** Resolves once stream `id` is live. */
function waitLive(id: string) {
  return eventually(
    async () => {
      const res = await fetch(`${EDGE}/api/streams/${id}`);
      return res.ok && (await res.json()).status === "live";
    },
    30_000,
    `stream "${id}" live`,
  );
}

/**
 * Whether the edge proxies the media server's HLS for stream `id`. Without the proxy, WHEP and
 * the crowd go straight to the media server, and the report says so.
 */
async function edgeProxies(id: string, token: string): Promise<boolean> {
  const res = await fetch(`${EDGE}/media/hls/live/${id}/index.m3u8?token=${token}`);
  const text = await res.text();
  return res.ok && text.startsWith("#EXTM3U");
}

/** Cores each watched process kept busy while `work` ran. */
async function coresDuring(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await liveCpuSnapshot(OFFSET);
  const started = performance.now();
  await work();
  const after = await liveCpuSnapshot(OFFSET);
  return Object.fromEntries(coresUsed(before, after, (performance.now() - started) / 1000));
}

/**
 * Simulated LL-HLS viewers of stream `id` on `hlsBase` (each with a token of its own), added
 * step by step until the p99 playlist answer passes the target; `reference` is the playlist a
 * viewer straight on the media server follows, to date each part.
 */
async function crowdSteps(id: string, reference: string, hlsBase: string): Promise<Step[]> {
  const crowd = startCrowd();
  const steps: Step[] = [];
  try {
    crowd.add(await mediaPlaylistUrl(reference), false);
    let viewers = 0;
    for (const target of VIEWER_STEPS) {
      while (viewers < target) {
        const batch = Math.min(25, target - viewers);
        const urls = await Promise.all(Array.from({ length: batch }, async () => {
          const own = await playbackToken(id);
          return mediaPlaylistUrl(`${hlsBase}/live/${id}/index.m3u8?token=${own}`);
        }));
        for (const url of urls) crowd.add(url, true);
        viewers += batch;
      }
      await sleep(2_000);
      crowd.reset();
      const cores = await coresDuring(() => sleep(STEP_SEC * 1000));
      const { answers, parts, errors } = crowd.result();
      const step: Step = {
        viewers,
        answers: answers.length,
        p50: percentile(answers, 0.5),
        p99: percentile(answers, 0.99),
        partP99: percentile(parts, 0.99),
        errors,
        cores,
      };
      steps.push(step);
      console.error(`${hlsBase}: ${viewers} viewers, p99 ${step.p99.toFixed(1)} ms`);
      if (!(step.p99 <= ANSWER_TARGET_MS) || errors > 0) break;
    }
  } finally {
    await crowd.stop();
  }
  return steps;
}

const built = await new Deno.Command("bash", {
  args: [`${ROOT}infra/local/mediamtx.sh`],
  stdout: "null",
}).output();
if (!built.success) throw new Error("MediaMTX could not be built (infra/local/mediamtx.sh)");
const script = await bundlePlayer();
const load = Deno.loadavg();
const platform = await startPlatform({
  runner: new URL("../../infra/dev.ts", import.meta.url),
  offset: OFFSET,
  // A token lives as long as the run: the crowd's viewers keep theirs throughout.
  env: { ...UNLIMITED, PLAYBACK_TOKEN_TTL_SEC: "3600" },
});
const hlsDir = await Deno.makeTempDir({ prefix: "marquee-bench-hls-" });
const folder = serveFolder(hlsDir, FOLDER_PORT);
let source: ReturnType<typeof startStampedSource> | undefined;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
try {
  await eventually(
    async () => {
      const res = await fetch(`${EDGE}/api/streams?status=live`);
      await res.body?.cancel();
      return res.ok;
    },
    60_000,
    "streaming ready",
  );
  const creator = await seedPublishedProduct(EDGE);
  const { id, ingest } = await createStream(creator.token, "Latency bench");
  const canvasStream = await createStream(creator.token, "Latency bench, from a browser");
  source = startStampedSource(ingest.rtmp.url, hlsDir);
  await waitLive(id);
  const token = await playbackToken(id);
  const viaEdge = await edgeProxies(id, token);
  // Classic HLS needs a few segments before hls.js starts three behind the newest.
  await eventually(
    async () => {
      const text = await Deno.readTextFile(`${hlsDir}/index.m3u8`).catch(() => "");
      return text.split("#EXTINF").length > 4;
    },
    30_000,
    "classic HLS segments",
  );

  // 1. Glass-to-glass latency, all paths at once.
  const paths: Array<{ name: string; kind: PlayerKind; url: string }> = [
    {
      name: viaEdge ? "WHEP through the edge" : "WHEP from the media server (no edge proxy)",
      kind: "whep",
      url: viaEdge
        ? `${EDGE}/media/webrtc/live/${id}/whep?token=${token}`
        : `${MEDIA_WEBRTC}/live/${id}/whep?token=${token}`,
    },
    ...(viaEdge
      ? [{
        name: "LL-HLS through the edge",
        kind: "ll-hls" as const,
        url: `${EDGE}/media/hls/live/${id}/index.m3u8?token=${token}`,
      }]
      : []),
    {
      name: "LL-HLS from the media server",
      kind: "ll-hls",
      url: `${MEDIA_HLS}/live/${id}/index.m3u8?token=${token}`,
    },
    {
      name: "classic HLS, ffmpeg 1 s segments (peer)",
      kind: "hls",
      url: `http://127.0.0.1:${FOLDER_PORT}/index.m3u8`,
    },
  ];
  browser = await launchChromium({ media: true });
  // The page is handed over by the browser itself, so it must be let reach loopback servers.
  const context = await browser.newContext({ permissions: ["local-network-access"] });
  await servePlayer(context, EDGE, script);
  const page = await context.newPage();
  await openPlayer(page, EDGE);
  // A canvas stamped the same way, published from the page over WHIP (as the studio does).
  const webrtc = viaEdge ? `${EDGE}/media/webrtc` : MEDIA_WEBRTC;
  await publish(page, `${webrtc}/live/${canvasStream.id}/whip?key=${canvasStream.ingest.key}`);
  await waitLive(canvasStream.id);
  paths.unshift({
    name: `browser WHIP -> WHEP${viaEdge ? " through the edge" : " (no edge proxy)"}`,
    kind: "whep",
    url: `${webrtc}/live/${canvasStream.id}/whep?token=${await playbackToken(canvasStream.id)}`,
  });
  for (const path of paths) await play(page, path.name, path.kind, path.url);
  const stateOf = async () => {
    const all = await playerStates(page);
    return paths.map((path) => all[path.name] ?? { samples: [], unreadable: 0, errors: [] });
  };
  console.error(`Playing ${paths.length} paths; measuring after ${WARMUP_SEC} s of warm-up`);
  await sleep(WARMUP_SEC * 1000);
  const from = Date.now();
  const windowMs = Math.ceil((MIN_FRAMES / FPS) * 1000) + 2_000;
  const deadline = from + windowMs + 30_000;
  await sleep(windowMs);
  let states = await stateOf();
  // A path that showed fewer frames (a stall, a slow start) gets a little longer.
  while (
    states.some((s) => latencyFigures(s.samples, from).frames < MIN_FRAMES) &&
    Date.now() < deadline
  ) {
    console.error(
      `Frames so far: ${states.map((s) => latencyFigures(s.samples, from).frames).join(", ")}`,
    );
    await sleep(1_000);
    states = await stateOf();
  }
  await browser.close();
  browser = undefined;
  const latency = paths.map((path, i) => ({
    ...path,
    ...latencyFigures(states[i]!.samples, from),
    unreadable: states[i]!.unreadable,
    errors: states[i]!.errors,
  }));

  // 2. Simulated LL-HLS viewers, stepped up, through the edge and straight (the peer).
  const referenceUrl = `${MEDIA_HLS}/live/${id}/index.m3u8?token=${token}`;
  // What the processes use with only the reference viewer (health checks, consumers): taken
  // off each step's figure, so a viewer's cost is what it adds.
  const quiet = startCrowd();
  quiet.add(await mediaPlaylistUrl(referenceUrl), false);
  await sleep(2_000);
  const idle = await coresDuring(() => sleep(STEP_SEC * 500));
  await quiet.stop();
  const edgeSteps = viaEdge ? await crowdSteps(id, referenceUrl, `${EDGE}/media/hls`) : [];
  const directSteps = await crowdSteps(id, referenceUrl, MEDIA_HLS);

  const peer = latency.at(-1)!;
  const target = (name: string, p50: number) => {
    if (name.startsWith("WHEP")) return ` (target ≤ 0.5 s: ${p50 <= 500 ? "met" : "not met"})`;
    if (name === "LL-HLS through the edge") {
      return ` (target ≤ 2.5 s: ${p50 <= 2500 ? "met" : "not met"})`;
    }
    return "";
  };
  const direct = latency.find((l) => l.name === "LL-HLS from the media server")!;
  const edgeHls = latency.find((l) => l.name === "LL-HLS through the edge");
  const fmtCores = (cores: Record<string, number>) =>
    ["edge", "media server", "streaming", "load generator"]
      .map((name) => `${name} ${(cores[name] ?? 0).toFixed(2)}`).join(", ");
  const added = (step: Step, names: string[]) =>
    names.reduce((sum, name) => sum + (step.cores[name] ?? 0) - (idle[name] ?? 0), 0);
  /** A step's cost per viewer and viewers per core, over the processes `names`. */
  const cost = (step: Step, names: string[]) =>
    `${((added(step, names) / step.viewers) * 1000).toFixed(1)} ms/s of ${names.join(" + ")} ` +
    `(${(step.viewers / Math.max(added(step, names), 0.001)).toFixed(0)} viewers per core)`;
  const best = (steps: Step[]) =>
    steps.filter((s) => s.p99 <= ANSWER_TARGET_MS && s.errors === 0).at(-1);
  const crowdLines = (label: string, steps: Step[], names: string[][]) => {
    const top = best(steps);
    return [
      `   ${label}:`,
      ...steps.map((s) =>
        `     ${s.viewers} viewers: playlist answers p50 ${s.p50.toFixed(1)} ms, ` +
        `p99 ${s.p99.toFixed(1)} ms over ${s.answers}; parts p99 ${s.partP99.toFixed(1)} ms; ` +
        `${s.errors} errors; cores: ${fmtCores(s.cores)}`
      ),
      top
        ? `     At p99 ≤ ${ANSWER_TARGET_MS} ms: ${top.viewers} viewers; each adds ` +
          names.map((n) => cost(top, n)).join(", ")
        : `     No step kept p99 ≤ ${ANSWER_TARGET_MS} ms`,
    ];
  };
  const [edgeTop, directTop] = [best(edgeSteps), best(directSteps)];
  const report = [
    `# Live benchmarks (${new Date().toISOString()}, ${navigator.hardwareConcurrency} cores, ` +
    `load average at start ${load.map((l) => l.toFixed(2)).join(" ")}, at the end ` +
    `${Deno.loadavg().map((l) => l.toFixed(2)).join(" ")})`,
    "",
    `1. Glass-to-glass latency, 640x360 ${FPS} fps x264 zerolatency over RTMP, frames shown ` +
    `in a ${sec(windowMs)} window after ${WARMUP_SEC} s of warm-up, all paths at once:`,
    ...latency.map((l) =>
      `   ${l.name}: median ${sec(l.p50)}, p90 ${sec(l.p90)} over ${l.frames} frames` +
      `${target(l.name, l.p50)}; ${(l.p50 / peer.p50).toFixed(2)}× the classic HLS median` +
      `${l.unreadable ? `; ${l.unreadable} frames unreadable` : ""}` +
      `${l.errors.length ? `; errors: ${l.errors.join(", ")}` : ""}`
    ),
    edgeHls
      ? `   The edge adds ${sec(edgeHls.p50 - direct.p50)} to the LL-HLS median ` +
        `(${(edgeHls.p50 / direct.p50).toFixed(2)}× straight from the media server)`
      : "   The edge does not proxy the media server yet: WHEP and LL-HLS measured without it",
    `2. Simulated LL-HLS viewers (blocking playlist request for the next part, then the part; ` +
    `answer time counted from when the part existed), ${STEP_SEC} s per step, cores busy per ` +
    `process (with only the reference viewer: ${fmtCores(idle)}):`,
    ...(viaEdge
      ? crowdLines("through the edge", edgeSteps, [["edge"], ["edge", "media server"]])
      : ["   through the edge: not measured, the edge does not proxy the media server yet"]),
    ...crowdLines("straight from the media server (peer)", directSteps, [["media server"]]),
    ...(edgeTop && directTop
      ? [
        `   Viewers at p99 ≤ ${ANSWER_TARGET_MS} ms through the edge / straight: ` +
        `${(edgeTop.viewers / directTop.viewers).toFixed(2)}×`,
      ]
      : []),
  ].join("\n");
  console.log(report);
} finally {
  await browser?.close().catch(() => {});
  await source?.stop();
  await folder.shutdown();
  await platform.stop();
  await Deno.remove(hlsDir, { recursive: true }).catch(() => {});
}
