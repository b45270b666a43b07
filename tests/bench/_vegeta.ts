/**
 * Open-loop load with vegeta: requests leave at a fixed rate whether or not earlier ones
 * have been answered, so a slow answer cannot hold back the next request and hide its own
 * delay (wrk's closed loop can). Installed with `go install` into the tool cache on first use.
 * @module
 */

const VERSION = "v12.13.0";

/** Latency percentiles in milliseconds, at an offered rate. */
export interface OpenLoopResult {
  rate: number;
  requests: number;
  /** Share of answers with a 2xx status. */
  success: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function cacheBin(): string {
  const home = Deno.env.get("HOME") ?? "/root";
  const cache = Deno.env.get("MARQUEE_CACHE") ?? `${home}/.cache/marquee`;
  return `${cache}/bin`;
}

let binary: string | undefined;

/** The vegeta binary, built with Go on first use. */
export async function ensureVegeta(): Promise<string> {
  if (binary) return binary;
  const path = `${cacheBin()}/vegeta`;
  try {
    await Deno.stat(path);
    return binary = path;
  } catch { /* not built yet */ }
  console.error(`Building vegeta ${VERSION} (go install)…`);
  const built = await new Deno.Command("go", {
    args: ["install", "-trimpath", "-ldflags=-s -w", `github.com/tsenart/vegeta/v12@${VERSION}`],
    env: { GOBIN: cacheBin(), CGO_ENABLED: "0", GOFLAGS: "-mod=mod -buildvcs=false" },
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;
  if (!built.success) throw new Error("Could not build vegeta (needs Go and the module proxy)");
  return binary = path;
}

/** Sends GET `url` at `rate` per second for `duration`, keeping the raw results in `file`. */
export async function attack(
  file: string,
  url: string,
  rate: number,
  duration: string,
  headers: Record<string, string> = {},
): Promise<void> {
  const bin = await ensureVegeta();
  const args = ["attack", `-rate=${rate}/s`, `-duration=${duration}`, "-timeout=10s"];
  for (const [name, value] of Object.entries(headers)) args.push("-header", `${name}: ${value}`);
  args.push(`-output=${file}`);
  const child = new Deno.Command(bin, { args, stdin: "piped", stdout: "null" }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(`GET ${url}\n`));
  await writer.close();
  if (!(await child.status).success) throw new Error(`vegeta attack on ${url} failed`);
}

/** One report over the raw results of several attacks taken together. */
export async function report(files: string[], rate: number): Promise<OpenLoopResult> {
  const bin = await ensureVegeta();
  const out = await new Deno.Command(bin, {
    args: ["report", "-type=json", ...files],
    stdout: "piped",
  }).output();
  if (!out.success) throw new Error("vegeta report failed");
  return parseReport(new TextDecoder().decode(out.stdout), rate);
}

/** Reads vegeta's JSON report (latencies in nanoseconds). */
export function parseReport(json: string, rate: number): OpenLoopResult {
  const r = JSON.parse(json);
  const ms = (ns: number) => ns / 1e6;
  return {
    rate,
    requests: r.requests,
    success: r.success,
    p50: ms(r.latencies["50th"]),
    p95: ms(r.latencies["95th"]),
    p99: ms(r.latencies["99th"]),
    max: ms(r.latencies.max),
  };
}

/** One line for a report. */
export function formatOpenLoop(r: OpenLoopResult): string {
  return `${r.requests} requests, ${(r.success * 100).toFixed(1)}% 2xx, p50 ${
    r.p50.toFixed(2)
  } ms, p95 ${r.p95.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(2)} ms`;
}
