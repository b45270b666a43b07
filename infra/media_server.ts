/**
 * MediaMTX under the platform runner: its ports (shifted by the offset like every other
 * process's), a configuration made from them that sends every publish and read to the
 * streaming service's auth route and calls its hooks, and starting it, building it first in
 * the background when the binary is missing (`infra/local/mediamtx.sh`, minutes the first
 * time) without holding up the rest of the platform.
 * @module
 */
import { stringify } from "yaml";
import { COMPOSE_NETWORK, MEDIA_PORTS, ROOT } from "./services.ts";

/** The user name MediaMTX signs in to the streaming service with (`routes/media.ts`). */
const MEDIA_USER = "mediamtx";

/** What the configuration is made from. */
export interface MediaServerOptions {
  offset: number;
  /** The streaming service's origin as MediaMTX reaches it. */
  streamingOrigin: string;
  /** The internal token: MediaMTX's password on its calls to the streaming service. */
  internalToken: string;
  /**
   * What the hooks call the streaming service with: curl on this machine, busybox wget in
   * the official container image, which has no curl.
   */
  hookClient?: "curl" | "wget";
  /**
   * Where the control API listens: loopback by default; all interfaces in a container, where
   * the streaming service reaches it over the private network (its port is not published).
   */
  apiHost?: string;
  /**
   * The folder streams are recorded into (`live/<id>/`, fMP4 segments), shared with the
   * streaming service, which makes replays and thumbnails of them; no recording when absent.
   */
  recordingsDir?: string;
}

/** The streams' paths: `live/<stream id>`. */
const STREAM_PATHS = "~^live/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/** MediaMTX's configuration (YAML) for the platform shifted by `offset`. */
export function mediaServerConfig(options: MediaServerOptions): string {
  const { offset, internalToken } = options;
  const port = (name: keyof typeof MEDIA_PORTS) => MEDIA_PORTS[name] + offset;
  const origin = new URL(options.streamingOrigin);
  const auth = new URL("/internal/media/auth", origin);
  // Go's HTTP client sends a URL's user info as Basic credentials.
  auth.username = MEDIA_USER;
  auth.password = internalToken;
  const hookUrl = (event: string) => {
    const url = new URL(`/internal/media/hooks/${event}`, origin);
    url.username = MEDIA_USER;
    url.password = internalToken;
    // MediaMTX splits the command into words before expanding variables, without a shell.
    return `${url.href}?path=$MTX_PATH${event === "segment" ? "&file=$MTX_SEGMENT_PATH" : ""}`;
  };
  const hook = (event: string) =>
    options.hookClient === "wget"
      ? `wget -q -O /dev/null -T 10 --post-data= ${hookUrl(event)}`
      : `curl -fsS -m 10 --retry 5 --retry-all-errors -X POST ${hookUrl(event)}`;
  return stringify({
    logLevel: "warn",
    logDestinations: ["stdout"],
    authMethod: "http",
    authHTTPAddress: auth.href,
    authHTTPExclude: [{ action: "api" }, { action: "metrics" }, { action: "pprof" }],
    api: true,
    apiAddress: `${options.apiHost ?? "127.0.0.1"}:${port("api")}`,
    metrics: false,
    pprof: false,
    playback: false,
    rtsp: false,
    moq: false,
    rtmp: true,
    rtmpAddress: `:${port("rtmp")}`,
    srt: true,
    srtAddress: `:${port("srt")}`,
    webrtc: true,
    webrtcAddress: `:${port("webrtc")}`,
    webrtcLocalUDPAddress: `:${port("webrtcUdp")}`,
    hls: true,
    hlsAddress: `:${port("hls")}`,
    hlsVariant: "lowLatency",
    // Muxing from the first frame lets a viewer's first playlist answer at once.
    hlsAlwaysRemux: true,
    hlsSegmentDuration: "1s",
    hlsPartDuration: "200ms",
    hlsSegmentCount: 7,
    paths: {
      [STREAM_PATHS]: {
        runOnAvailable: hook("available"),
        runOnUnavailable: hook("unavailable"),
        ...(options.recordingsDir ? recording(options.recordingsDir, hook("segment")) : {}),
      },
    },
  });
}

/**
 * Recording every stream for its replay: fMP4 segments of about 4 s (a thumbnail can be taken
 * from each as it completes; the hook says when), flushed every 500 ms.
 */
function recording(dir: string, onSegment: string) {
  return {
    record: true,
    recordPath: `${dir.replace(/\/+$/, "")}/%path/%Y-%m-%d_%H-%M-%S-%f`,
    recordFormat: "fmp4",
    recordPartDuration: "500ms",
    recordSegmentDuration: "4s",
    // The replay builder removes a stream's segments once its replay is stored; this catches
    // what a failed build leaves.
    recordDeleteAfter: "1d",
    runOnRecordSegmentComplete: onSegment,
  };
}

/** Where `infra/local/mediamtx.sh` puts the binary. */
function binaryPath(env: Record<string, string>): string {
  const cache = env.MARQUEE_CACHE ?? `${env.HOME ?? Deno.env.get("HOME")}/.cache/marquee`;
  return `${cache}/bin/mediamtx`;
}

/** A MediaMTX started (or being built) for the platform. */
export interface MediaServer {
  /** Stops it, or gives up starting it once the build ends. */
  stop(): Promise<void>;
}

/**
 * Starts MediaMTX for the platform. When the binary is missing it is built in the background
 * first and this returns at once; a failed build is logged and the platform runs without live
 * video.
 */
export async function startMediaServer(
  options: MediaServerOptions & { env: Record<string, string> },
): Promise<MediaServer> {
  const { env } = options;
  let stopped = false;
  let child: Deno.ChildProcess | undefined;
  const dir = await Deno.makeTempDir({ prefix: "marquee-mediamtx-" });
  const configPath = `${dir}/mediamtx.yml`;
  await Deno.writeTextFile(configPath, mediaServerConfig(options), { mode: 0o600 });

  const built = await Deno.stat(binaryPath(env)).then(() => true, () => false);
  if (!built) {
    console.log(
      "MediaMTX is not built yet: building it in the background (a few minutes, log in " +
        `${dir}/build.log); live video starts when it is ready.`,
    );
  }
  const run = async () => {
    const build = await new Deno.Command("bash", {
      args: [`${ROOT}infra/local/mediamtx.sh`],
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    await Deno.writeFile(`${dir}/build.log`, build.stderr);
    const binary = new TextDecoder().decode(build.stdout).trim().split("\n").at(-1) ?? "";
    if (!build.success || !binary) {
      console.error(`MediaMTX could not be built (log: ${dir}/build.log); live video is off.`);
      return;
    }
    if (stopped) return;
    child = new Deno.Command(binary, { args: [configPath], cwd: dir, env }).spawn();
  };
  const starting = run().catch((error) => console.error("MediaMTX did not start:", error));
  if (built) await starting;

  return {
    async stop() {
      stopped = true;
      if (child) {
        try {
          child.kill("SIGTERM");
        } catch { /* already gone */ }
        await child.status;
      }
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

/** The compose network's configuration (`infra/compose/mediamtx.yml`), dev secrets included. */
export async function composeMediaServerConfig(): Promise<string> {
  const env = await Deno.readTextFile(`${ROOT}.env.example`);
  const internalToken = /^INTERNAL_TOKEN=(.*)$/m.exec(env)?.[1];
  if (!internalToken) throw new Error(".env.example sets no INTERNAL_TOKEN");
  return "# Made by `deno run -A infra/media_server.ts` from mediaServerConfig on the compose\n" +
    "# network; infra/services_test.ts fails when it drifts.\n" +
    mediaServerConfig({
      offset: 0,
      streamingOrigin: "http://streaming:8107",
      internalToken,
      hookClient: "wget",
      apiHost: "",
      recordingsDir: COMPOSE_NETWORK.recordingsDir,
    });
}

if (import.meta.main) {
  await Deno.writeTextFile(`${ROOT}infra/compose/mediamtx.yml`, await composeMediaServerConfig());
}
