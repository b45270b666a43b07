/**
 * The seed as the dev runner and `deno task seed` run it: wait for the platform, make the
 * demo content (the dev runner only on an empty store or one it seeded before), say where to
 * look, then keep the demo stream live.
 * @module
 */
import { type DemoPush, keepDemoLive } from "./demo_push.ts";
import { DEMO_CREATORS, DEMO_PASSWORD, seedDemo, storeState } from "./mod.ts";
import { seedReviews } from "./reviews.ts";

/** Options of {@linkcode runSeed}. */
export interface RunSeedOptions {
  /** Seed only when the store is empty or was seeded before (the dev runner). */
  onlyIfEmpty?: boolean;
  /** Keep the demo stream live afterwards, whatever holds it already (the dev runner). */
  push?: "always" | "unless-live" | "never";
  log?: (message: string) => void;
  /** How long the platform may take to answer first. */
  readyTimeoutMs?: number;
  /** Aborts the seed before it starts pushing (the runner stopping). */
  signal?: AbortSignal;
}

/** How long the platform may take to answer before the seed gives up. */
const READY_TIMEOUT_MS = 300_000;

/** Resolves once the edge and the services the seed calls answer through it. */
export async function waitForPlatform(
  base: string,
  timeoutMs = READY_TIMEOUT_MS,
  signal?: AbortSignal,
): Promise<void> {
  const paths = ["/health/ready", "/.well-known/jwks.json", "/api/products?limit=1"];
  paths.push("/api/streams?status=live&limit=1");
  const deadline = Date.now() + timeoutMs;
  for (const path of paths) {
    while (true) {
      const ok = await fetch(new URL(path, base), { signal: AbortSignal.timeout(5_000) })
        .then(async (res) => {
          await res.body?.cancel();
          return res.ok;
        }, () => false);
      if (ok) break;
      signal?.throwIfAborted();
      if (Date.now() > deadline) throw new Error(`The platform at ${base} did not answer ${path}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/**
 * Seeds the platform at `base` and, as asked, keeps the demo stream live; returns the push
 * to stop (undefined when nothing is pushed).
 */
export async function runSeed(
  base: string,
  options: RunSeedOptions = {},
): Promise<DemoPush | undefined> {
  const log = options.log ?? ((message: string) => console.log(message));
  await waitForPlatform(base, options.readyTimeoutMs ?? READY_TIMEOUT_MS, options.signal);
  if (options.onlyIfEmpty && await storeState(base) === "other") {
    log("The store has products of its own: no demo content (`deno task seed` adds it).");
    return undefined;
  }
  const started = performance.now();
  const result = await seedDemo(base);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const origin = new URL(base).origin;
  log(
    `${result.created ? "Demo content made" : "Demo content already there"} in ${seconds} s: ` +
      `${origin}/ (live: ${origin}/live/${result.liveStreamId}); sign in as ` +
      `${DEMO_CREATORS.map((c) => c.email).join(", ")} with "${DEMO_PASSWORD}".`,
  );
  // Reviews wait on checkouts (seconds): they follow the push, and trouble with them is only told.
  const reviews = async () => {
    try {
      if (await seedReviews(base, result.products)) log("Demo reviews written.");
    } catch (error) {
      if (options.signal?.aborted) return;
      log(`No demo reviews: ${error instanceof Error ? error.message : error}`);
    }
  };
  const push = options.push ?? "always";
  if (push === "never") {
    await reviews();
    return undefined;
  }
  if (push === "unless-live") {
    const res = await fetch(new URL(`/api/streams/${result.liveStreamId}`, base));
    const stream = res.ok ? await res.json() : null;
    if (stream?.status === "live") {
      log("The demo stream is live already (kept by `deno task dev`).");
      await reviews();
      return undefined;
    }
  }
  if (options.signal?.aborted) return undefined;
  log("Keeping the demo stream live with ffmpeg.");
  // Returned at once, so that a runner stopping can stop the push.
  void reviews();
  return keepDemoLive(base, { log });
}

/**
 * {@linkcode runSeed} in the background for the dev runner: on an empty store (or one it
 * seeded before), pushing the demo stream until stopped. Trouble is logged, never thrown: the
 * platform runs on without demo content.
 */
export function backgroundSeed(base: string): DemoPush {
  const abort = new AbortController();
  const log = (message: string) => console.log(`seed: ${message}`);
  // In servers mode a first `infra/local/up.sh` installs the servers: minutes.
  const readyTimeoutMs = 30 * 60_000;
  const running = runSeed(base, { onlyIfEmpty: true, log, signal: abort.signal, readyTimeoutMs })
    .catch((error) => {
      if (!abort.signal.aborted) log(`no demo content: ${error?.message ?? error}`);
      return undefined;
    });
  return {
    async stop() {
      abort.abort();
      // A seed half-way through its calls is not waited for long: the platform is stopping.
      const late = new Promise<undefined>((resolve) =>
        AbortSignal.timeout(5_000).addEventListener("abort", () => resolve(undefined))
      );
      const push = await Promise.race([running, late]);
      await push?.stop();
    },
  };
}
