/**
 * Every service's `/openapi.json` tells the truth. schemathesis (PyPI, installed by
 * `infra/local/schemathesis.sh`) generates requests from each document, valid and invalid,
 * signed in as a fresh creator, and checks every answer: no server error, no status the
 * document does not list, no body (or Server-Sent Event) its schema rejects. The services
 * run as child processes on the real servers, ports shifted by 9300.
 * @module
 */
import assert from "node:assert/strict";
import { loadDevEnv } from "../../infra/env_file.ts";
import { loopback, ROOT, serviceEnv, SERVICES } from "../../infra/services.ts";

const OFFSET = 9300;
const REAL_SERVERS = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
/** Test cases per operation; with the seed, a run is repeatable. */
const MAX_EXAMPLES = 20;
const SEED = 20261207;
/**
 * The users service trusts `x-forwarded-for` here, so the failed logins schemathesis makes
 * count against this documentation address (RFC 5737) and never throttle 127.0.0.1, where
 * the other tests sign in.
 */
const CLIENT_ADDRESS = "198.51.100.93";
const CHECKS = ["not_a_server_error", "status_code_conformance", "response_schema_conformance"];
// An event stream ends at most when its token expires: the first event is enough to check.
const CONFIG = "max-stream-events = 1\n";

interface Running {
  name: string;
  url: string;
  child: Deno.ChildProcess;
  log: string;
}

/** What a schemathesis run reports in its JSON file (the fields read here). */
interface Report {
  operations: { tested: number };
  test_cases: { generated: number };
  failures: { title: string; count: number; operations: string[] }[];
  errors: unknown[];
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url);
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

async function start(dir: string): Promise<Running[]> {
  const base = await loadDevEnv();
  const network = loopback(OFFSET);
  const running = SERVICES.map((entry) => {
    const log = `${dir}/${entry.name}.log`;
    const env = {
      ...base,
      ...serviceEnv(entry, network),
      LOG_LEVEL: "warn",
      TRUST_PROXY: "true",
      // Registrations by the dozen: the cheapest hash the users service accepts.
      PASSWORD_HASH_MEMORY_KIB: "1024",
      PASSWORD_HASH_TIME_COST: "1",
    };
    const child = new Deno.Command("bash", {
      args: [
        "-c",
        'exec "$0" run -A "$1" >>"$2" 2>&1',
        Deno.execPath(),
        `${ROOT}services/${entry.name}/main.ts`,
        log,
      ],
      env,
      clearEnv: true,
      stdin: "null",
    }).spawn();
    return { name: entry.name, url: `http://127.0.0.1:${entry.port + OFFSET}`, child, log };
  });
  const deadline = Date.now() + 120_000;
  for (const service of running) {
    while (!(await answers(`${service.url}/health/ready`))) {
      if (Date.now() > deadline) {
        await stop(running);
        const tail = (await Deno.readTextFile(service.log).catch(() => "")).slice(-2000);
        throw new Error(`Service "${service.name}" was not ready within 120 s:\n${tail}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return running;
}

async function stop(running: Running[]): Promise<void> {
  await Promise.all(running.map(async ({ child }) => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
  }));
}

/** A fresh creator's access token, through the users API. */
async function signIn(users: string): Promise<string> {
  const email = `conformance-${crypto.randomUUID()}@example.com`;
  const password = "seven blue herons at dawn";
  const post = (path: string, body: unknown) =>
    fetch(`${users}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const registered = await post("/api/auth/register", {
    email,
    password,
    displayName: "Document Checker",
    role: "creator",
  });
  assert.equal(registered.status, 201, await registered.text());
  const login = await post("/api/auth/login", { email, password });
  assert.equal(login.status, 200);
  return (await login.json()).accessToken;
}

/** Installs schemathesis if missing; the path of its command. */
async function schemathesis(): Promise<string> {
  const out = await new Deno.Command("bash", {
    args: [`${ROOT}infra/local/schemathesis.sh`],
    stderr: "inherit",
  }).output();
  assert.ok(out.success, "Installing schemathesis failed");
  return new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!;
}

/** Runs schemathesis over one service's document; its report and its printed failures. */
async function conform(
  command: string,
  service: Running,
  token: string,
  dir: string,
): Promise<{ report: Report; printed: string }> {
  const reportPath = `${dir}/${service.name}.json`;
  const out = await new Deno.Command(command, {
    args: [
      "--config-file",
      `${dir}/schemathesis.toml`,
      "run",
      `${service.url}/openapi.json`,
      "--checks",
      CHECKS.join(","),
      "--max-examples",
      String(MAX_EXAMPLES),
      "--seed",
      String(SEED),
      "--header",
      `Authorization: Bearer ${token}`,
      "--header",
      `X-Forwarded-For: ${CLIENT_ADDRESS}`,
      "--generation-database",
      "none",
      // Hypothesis's checks of its own data generation (too slow on a busy machine, too
      // many examples filtered by a pattern) say nothing about the API.
      "--suppress-health-check",
      "all",
      "--no-color",
      "--report",
      "json",
      "--report-json-path",
      reportPath,
    ],
    cwd: dir,
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  let report: Report;
  try {
    report = JSON.parse(await Deno.readTextFile(reportPath));
  } catch {
    throw new Error(`schemathesis wrote no report for "${service.name}":\n${text.slice(-3000)}`);
  }
  // The ERRORS and FAILURES sections, which come before WARNINGS and SUMMARY.
  const from = [text.indexOf("= ERRORS ="), text.indexOf("= FAILURES =")].filter((i) => i >= 0);
  const to = [text.indexOf("= WARNINGS ="), text.indexOf("= SUMMARY =")].filter((i) => i >= 0);
  const printed = from.length ? text.slice(Math.min(...from), Math.min(...to, text.length)) : "";
  return { report, printed };
}

Deno.test({
  name: "every service's OpenAPI document lists every status and shape it answers with",
  ignore: !REAL_SERVERS,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const command = await schemathesis();
    const dir = await Deno.makeTempDir({ prefix: "marquee-conformance-" });
    await Deno.writeTextFile(`${dir}/schemathesis.toml`, CONFIG);
    const running = await start(dir);
    try {
      const token = await signIn(running.find((s) => s.name === "users")!.url);
      const results = await Promise.all(running.map((s) => conform(command, s, token, dir)));
      const problems: string[] = [];
      let generated = 0;
      let operations = 0;
      results.forEach(({ report, printed }, i) => {
        const { name } = running[i]!;
        generated += report.test_cases.generated;
        operations += report.operations.tested;
        for (const f of report.failures) {
          problems.push(`${name}: ${f.title} (${f.count}) in ${f.operations.join(", ")}`);
        }
        if (report.errors.length) {
          problems.push(
            `${name}: ${report.errors.length} errors: ${JSON.stringify(report.errors)}`,
          );
        }
        if (report.failures.length || report.errors.length) problems.push(printed.slice(0, 6000));
      });
      console.log(`schemathesis: ${generated} requests over ${operations} operations`);
      assert.ok(operations > 0, "No operation was tested");
      assert.deepEqual(
        problems,
        [],
        `Answers the documents do not describe:\n${problems.join("\n")}`,
      );
    } finally {
      await stop(running);
    }
  },
});
