/**
 * `deno task seed`: demo content on the running platform (`deno task dev`), through its public
 * APIs: demo creators, a product of every type with a cover, a stream scheduled for tomorrow
 * and one kept live. A second run adds nothing. When the demo stream is not live already, this
 * keeps it live until stopped; `--no-push` only makes the content.
 * @module
 */
import { loadDevEnv } from "./env_file.ts";
import { runSeed } from "./seed/run.ts";
import { loopback, topologyEnv } from "./services.ts";

const env = await loadDevEnv();
// The platform's public origin: PUBLIC_URL when given, else the dev runner's at the offset.
const base = Deno.env.get("PUBLIC_URL") ??
  topologyEnv(loopback(Number(env.MARQUEE_PORT_OFFSET ?? 0))).PUBLIC_URL!;
const push = await runSeed(base, {
  push: Deno.args.includes("--no-push") ? "never" : "unless-live",
});
if (push) {
  console.log("Ctrl-C stops the demo stream.");
  const stop = async () => {
    await push.stop();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}
