/**
 * `deno task dev`: the whole platform on this machine.
 * Embedded (default): every service and the edge in this one process, each service on its
 * own port with its own PGlite database, one in-process bus. `MARQUEE_MODE=servers`: the
 * real servers from `infra/local` and each service and the edge in its own process. Both
 * start MediaMTX for live video (`infra/media_server.ts`), built in the background first when
 * the binary is missing, without holding up the rest. On an empty store it adds the demo
 * content in the background and keeps the demo stream live (`infra/seed/`); `--no-seed` (or
 * `MARQUEE_SEED=off`, as tests set) skips it.
 * @module
 */
import { createMemoryBus } from "@marquee/events";
import { bootEdge, listen } from "../edge/boot.ts";
import manifest from "../fresh.gen.ts";
import { type RunningService, runService } from "@marquee/runtime";
import { DEV_INTERNAL_TOKEN } from "@marquee/config";
import { loadDevEnv } from "./env_file.ts";
import { startMediaServer } from "./media_server.ts";
import { backgroundSeed } from "./seed/run.ts";
import {
  EDGE_PORT,
  edgeServersEnv,
  loopback,
  ROOT,
  serversEnv,
  SERVICES,
  topologyEnv,
} from "./services.ts";

const env = await loadDevEnv();
const mode = env.MARQUEE_MODE ?? "embedded";
// Shifts every port, so a second copy (or a test) can run beside a developer's.
const offset = Number(env.MARQUEE_PORT_OFFSET ?? 0);
const streaming = SERVICES.find((s) => s.name === "streaming")!;
// MediaMTX records into this folder and the streaming service builds replays from it: one
// absolute path both read alike.
const data = env.MARQUEE_DATA ?? `${ROOT}.data`;
env.RECORDINGS_DIR ||= `${data.startsWith("/") ? data : `${Deno.cwd()}/${data}`}/recordings`;
// MediaMTX, calling back the streaming service; built in the background on a first run.
const media = await startMediaServer({
  offset,
  streamingOrigin: `http://127.0.0.1:${streaming.port + offset}`,
  internalToken: env.INTERNAL_TOKEN || DEV_INTERNAL_TOKEN,
  recordingsDir: env.RECORDINGS_DIR,
  env,
});
// Demo content, once the platform answers; the storefront does not wait for it.
const seed = Deno.args.includes("--no-seed") || env.MARQUEE_SEED === "off"
  ? undefined
  : backgroundSeed(topologyEnv(loopback(offset)).PUBLIC_URL!);

if (mode === "servers") {
  // `.env` may move the servers' data folder (MARQUEE_DATA).
  const up = await new Deno.Command("bash", { args: [`${ROOT}infra/local/up.sh`], env }).spawn()
    .status;
  if (!up.success) {
    await media.stop();
    Deno.exit(1);
  }
  const topics = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}infra/topics.ts`],
  }).spawn().status;
  if (!topics.success) {
    await media.stop();
    Deno.exit(1);
  }
  const spawn = (module: string, childEnv: Record<string, string>, flags: string[] = []) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", ...flags, `${ROOT}${module}`],
      env: { ...env, ...childEnv },
    }).spawn();
  // EDGE_WORKERS > 1: the edge as it runs in a container, that many isolates on one port,
  // each with an SO_REUSEPORT socket (an unstable Deno API).
  const edgeWorkers = Number(env.EDGE_WORKERS ?? 1);
  const edge = spawn(
    "edge/main.ts",
    { ...edgeServersEnv(offset), EDGE_WORKERS: String(edgeWorkers) },
    edgeWorkers > 1 ? ["--unstable-net"] : [],
  );
  const children = [
    ...SERVICES.map((s) => spawn(`services/${s.name}/main.ts`, serversEnv(s, offset))),
    edge,
  ];
  const stop = async () => {
    await seed?.stop();
    children.forEach((c) => c.kill("SIGTERM"));
    void media.stop();
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  const statuses = await Promise.all(children.map((c) => c.status));
  await seed?.stop();
  await media.stop();
  Deno.exit(statuses.every((s) => s.success) ? 0 : 1);
} else {
  const bus = createMemoryBus();
  const dataDir = `${env.MARQUEE_DATA ?? `${ROOT}.data`}/embedded`;
  const shared = { ...env, ...topologyEnv(loopback(offset)), MARQUEE_MODE: "embedded" };
  const running: RunningService[] = [];
  for (const s of SERVICES) {
    const { service } = await import(s.module);
    running.push(
      await runService(service, {
        env: { ...shared, SERVICE_NAME: s.name, PORT: String(s.port + offset) },
        bus,
        dataDir,
      }),
    );
  }
  const edge = await bootEdge({
    manifest,
    // One isolate in-process: several need a process of their own (servers mode).
    env: { ...shared, SERVICE_NAME: "edge", PORT: String(EDGE_PORT + offset), EDGE_WORKERS: "1" },
    bus,
  });
  const served = listen(edge);
  console.log(
    `Marquee is up (embedded): http://localhost:${served.port} — ${
      running.map((r) => `${r.name} ${r.url}`).join(", ")
    }`,
  );
  const stop = async () => {
    await seed?.stop();
    await served.stop();
    await edge.close();
    for (const r of running.reverse()) await r.stop();
    await media.stop();
    await bus.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}
