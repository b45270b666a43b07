/**
 * `deno task test`: starts the real servers (installing what is missing), creates the
 * topics, runs every unit and integration test against them, and closes with the line
 * `N passed, N failed`.
 * @module
 */
import { ROOT } from "./services.ts";

const run = async (cmd: string, args: string[], env?: Record<string, string>) =>
  (await new Deno.Command(cmd, { args, env, cwd: ROOT }).spawn().status).success;

if (!Deno.env.get("MARQUEE_SKIP_INFRA")) {
  if (!await run("bash", ["infra/local/up.sh"])) Deno.exit(1);
}
if (!await run(Deno.execPath(), ["run", "-A", "infra/topics.ts"])) Deno.exit(1);

const env = {
  MARQUEE_TEST_POSTGRES_URL: "postgres://marquee:marquee@127.0.0.1:5433/postgres",
  MARQUEE_TEST_KAFKA_BROKERS: "127.0.0.1:9092",
  MARQUEE_TEST_REDIS_URL: "redis://127.0.0.1:6380",
  MARQUEE_TEST_S3_ENDPOINT: "http://127.0.0.1:9000",
  MARQUEE_TEST_UPSTASH_URL: "http://127.0.0.1:8079",
  MARQUEE_TEST_STRIPE_URL: "http://127.0.0.1:12111",
  MARQUEE_TEST_SMTP_URL: "smtp://127.0.0.1:1025",
  MARQUEE_TEST_MAILPIT_URL: "http://127.0.0.1:8025",
  MARQUEE_TEST_UPSTASH_TOKEN: "marquee-dev-upstash-token",
  // Plain output, so the closing counts can be read.
  NO_COLOR: "1",
};
const child = new Deno.Command(Deno.execPath(), {
  args: ["test", "-A", ...Deno.args],
  cwd: ROOT,
  env,
  stdout: "piped",
  stderr: "inherit",
}).spawn();

// Echo the report while keeping its tail to read the real counts from.
let tail = "";
const decoder = new TextDecoder();
for await (const chunk of child.stdout) {
  await Deno.stdout.write(chunk);
  tail = (tail + decoder.decode(chunk, { stream: true })).slice(-4000);
}
const status = await child.status;
// deno test closes with "ok | 12 passed | 0 failed" (or "FAILED | ...").
const m = /(\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed/.exec(tail);
if (m) console.log(`${m[1]} passed, ${m[3]} failed`);
else console.log(`0 passed, ${status.success ? 0 : 1} failed`);
Deno.exit(status.code);
