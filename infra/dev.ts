/**
 * `deno task dev`: the whole platform on this machine.
 * Embedded (default): every service in this one process, each on its own port with its
 * own PGlite database and one in-process bus. `MARQUEE_MODE=servers`: the real servers
 * from `infra/local` and each service in its own process.
 * @module
 */
import { createMemoryBus } from "@marquee/events";
import { type RunningService, runService } from "@marquee/runtime";
import { loadDevEnv } from "./env_file.ts";
import { ROOT, serversEnv, SERVICES } from "./services.ts";

const env = await loadDevEnv();
const mode = env.MARQUEE_MODE ?? "embedded";
// Shifts every port, so a second copy (or a test) can run beside a developer's.
const offset = Number(env.MARQUEE_PORT_OFFSET ?? 0);

if (mode === "servers") {
  const up = await new Deno.Command("bash", { args: [`${ROOT}infra/local/up.sh`] }).spawn().status;
  if (!up.success) Deno.exit(1);
  const topics = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}infra/topics.ts`],
  }).spawn().status;
  if (!topics.success) Deno.exit(1);
  const children = SERVICES.map((s) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${ROOT}services/${s.name}/main.ts`],
      env: { ...env, ...serversEnv(s), PORT: String(s.port + offset) },
    }).spawn()
  );
  const stop = () => children.forEach((c) => c.kill("SIGTERM"));
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await Promise.all(children.map((c) => c.status));
} else {
  const bus = createMemoryBus();
  const dataDir = `${env.MARQUEE_DATA ?? `${ROOT}.data`}/embedded`;
  const running: RunningService[] = [];
  for (const s of SERVICES) {
    const { service } = await import(s.module);
    running.push(
      await runService(service, {
        env: {
          ...env,
          SERVICE_NAME: s.name,
          PORT: String(s.port + offset),
          MARQUEE_MODE: "embedded",
        },
        bus,
        dataDir,
      }),
    );
  }
  console.log(`Marquee is up (embedded): ${running.map((r) => `${r.name} ${r.url}`).join(", ")}`);
  const stop = async () => {
    for (const r of running.reverse()) await r.stop();
    await bus.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}
