/**
 * Keeps the demo stream live: ffmpeg's test pattern and a tone, with the time of day drawn
 * over it, pushed over RTMP with a freshly rotated key (a key is shown only when made), and
 * pushed again when ffmpeg exits, until stopped.
 * @module
 */
import { ApiError, publicApi } from "./api.ts";
import { LIVE_CREATOR } from "./content.ts";
import { demoLiveStream, type Session, signIn } from "./mod.ts";

/** ffmpeg's arguments for an endless test source pushed in real time to `url`. */
export function pushArgs(url: string): string[] {
  return [
    ...["-hide_banner", "-loglevel", "error", "-nostdin", "-re"],
    ...["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30"],
    ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
    // The clock shows the stream is live, and how far behind a player is.
    ...[
      "-vf",
      "drawtext=text='%{localtime}':fontcolor=white:fontsize=32:box=1:boxcolor=black@0.6:" +
      "boxborderw=12:x=(w-text_w)/2:y=h-text_h-32",
    ],
    // One keyframe a second: the media server cuts its 1 s LL-HLS segments on them.
    ...["-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "30"],
    ...["-b:v", "800k", "-c:a", "aac", "-b:a", "64k", "-f", "flv", url],
  ];
}

/** The running demo push. */
export interface DemoPush {
  /** Stops pushing (the stream then ends after its grace period). */
  stop(): Promise<void>;
}

/** Options of {@linkcode keepDemoLive}. */
export interface KeepLiveOptions {
  /** Where progress and trouble are reported. */
  log?: (message: string) => void;
}

/** Longest wait between two pushes. */
const MAX_BACKOFF_MS = 30_000;
/** Checks, while another publisher holds the stream, before pushing anyway (a stale status). */
const PATIENCE = 4;

/**
 * Pushes the demo stream to the platform at `base` until stopped, starting ffmpeg again when
 * it exits (the media server may still be building on a first run). When the stream is live
 * without this push (another `deno task seed` holds it) it waits rather than take it over.
 */
export function keepDemoLive(base: string, options: KeepLiveOptions = {}): DemoPush {
  const log = options.log ?? ((message: string) => console.log(message));
  const api = publicApi(base);
  let stopped = false;
  let child: Deno.ChildProcess | undefined;
  let pushed: { streamId: string; token: string } | undefined;
  let wake = () => {};
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async () => {
    let session: Session | null = null;
    let backoff = 2_000;
    let first = true;
    let waited = 0;
    let lastError = "";
    while (!stopped) {
      const startedAt = Date.now();
      try {
        session ??= await signIn(api, LIVE_CREATOR, false);
        if (!session) throw new Error("The demo creator is missing: run `deno task seed`");
        const stream = await demoLiveStream(api, session);
        if (!first && stream.status === "live" && waited < PATIENCE) {
          waited += 1;
          await sleep(15_000);
          continue;
        }
        const ingest = await api<{ rtmp: { url: string } }>(`/api/streams/${stream.id}/key`, {
          method: "POST",
          token: session.token,
        });
        if (stopped) break;
        pushed = { streamId: stream.id, token: session.token };
        child = new Deno.Command("ffmpeg", {
          args: pushArgs(ingest.rtmp.url),
          stdin: "null",
          stdout: "null",
          stderr: "null",
        }).spawn();
        const status = await child.status;
        child = undefined;
        if (stopped) break;
        const message = `ffmpeg exited with code ${status.code}`;
        if (message !== lastError) log(`Demo stream: ${message}; pushing again`);
        lastError = message;
      } catch (error) {
        // An expired sign-in: sign in again on the next round.
        if (error instanceof ApiError && error.status === 401) session = null;
        const message = error instanceof Error ? error.message : String(error);
        if (message !== lastError) log(`Demo stream: ${message}; trying again`);
        lastError = message;
      }
      first = false;
      waited = 0;
      // A push that ran a while was healthy: start again quickly.
      backoff = Date.now() - startedAt > 60_000 ? 2_000 : Math.min(backoff * 2, MAX_BACKOFF_MS);
      await sleep(backoff);
    }
  };
  const running = loop();
  // The media server's hook tells the streaming service the publisher left; waiting for it
  // lets a runner stop the services after, not while, it lands.
  const leftLive = async (streamId: string, token: string) => {
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      // The creator's own list is never cached.
      const mine = await api<{ items: { id: string; status: string }[] }>(
        "/api/streams/mine?limit=100",
        { token },
      ).catch(() => null);
      if (mine?.items.find((s) => s.id === streamId)?.status !== "live") return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  return {
    async stop() {
      stopped = true;
      wake();
      const pushing = child;
      if (pushing) {
        try {
          pushing.kill("SIGTERM");
        } catch { /* already gone */ }
        const timer = setTimeout(() => {
          try {
            pushing.kill("SIGKILL");
          } catch { /* already gone */ }
        }, 3_000);
        await pushing.status;
        clearTimeout(timer);
        if (pushed) await leftLive(pushed.streamId, pushed.token);
      }
      await running;
    },
  };
}
