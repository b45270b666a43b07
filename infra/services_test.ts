import assert from "node:assert/strict";
import { parse } from "yaml";
import type { z } from "zod";
import { EdgeEnv } from "../edge/config.ts";
import { parseEnv } from "./env_file.ts";
import { composeMediaServerConfig } from "./media_server.ts";
import { COMPOSE_NETWORK, EDGE_PORT, edgeEnv, ROOT, serviceEnv, SERVICES } from "./services.ts";

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  env_file?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

const read = (path: string) => Deno.readTextFile(`${ROOT}${path}`);
const compose: { services: Record<string, ComposeService> } = parse(await read("compose.yml"), {
  merge: true,
});
const SERVERS: Record<string, string> = {
  postgres: "postgres:",
  redis: "redis:",
  kafka: "apache/kafka:",
  minio: "minio/minio",
  "stripe-mock": "stripe/stripe-mock",
  mailpit: "axllent/mailpit",
  mediamtx: "bluenviron/mediamtx",
};
const names = SERVICES.map((s) => s.name);
const stringify = (env: Record<string, string | number> = {}) =>
  Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));

Deno.test("compose runs the backing servers from official images and every service, no other", () => {
  assert.deepEqual(
    Object.keys(compose.services).sort(),
    [...Object.keys(SERVERS), ...names, "edge"].sort(),
  );
  for (const [name, image] of Object.entries(SERVERS)) {
    assert.ok(compose.services[name]!.image?.startsWith(image), `${name} runs ${image}`);
    assert.equal(compose.services[name]!.build, undefined);
  }
});

Deno.test("compose builds each service and the edge from infra/Dockerfile on its own port", () => {
  for (const { name, port } of [...SERVICES, { name: "edge", port: EDGE_PORT }]) {
    const service = compose.services[name]!;
    assert.deepEqual(service.build, {
      context: ".",
      dockerfile: "infra/Dockerfile",
      args: { SERVICE: name },
    });
    assert.deepEqual(service.ports, [`127.0.0.1:${port}:${port}`], name);
  }
  assert.deepEqual(
    Object.keys(compose.services.edge!.depends_on ?? {}).filter((n) => names.includes(n)).sort(),
    [...names].sort(),
  );
});

Deno.test("compose gives each process the environment infra/services.ts computes", () => {
  for (const entry of SERVICES) {
    assert.deepEqual(
      stringify(compose.services[entry.name]!.environment),
      serviceEnv(entry, COMPOSE_NETWORK),
      entry.name,
    );
  }
  assert.deepEqual(stringify(compose.services.edge!.environment), edgeEnv(COMPOSE_NETWORK));
});

Deno.test("every process in compose passes its configuration schema", async () => {
  const defaults = parseEnv(await read(".env.example"));
  const schemas: [string, z.ZodType][] = [["edge", EdgeEnv]];
  for (const entry of SERVICES) {
    const { service } = await import(entry.module);
    schemas.push([entry.name, service.env]);
  }
  for (const [name, schema] of schemas) {
    const service = compose.services[name]!;
    assert.deepEqual(service.env_file, [".env.example"], name);
    const result = schema.safeParse({ ...defaults, ...stringify(service.environment) });
    assert.ok(result.success, `${name}: ${result.error?.message}`);
  }
});

Deno.test("postgres-init.sql creates a role and a database for each service, no other", async () => {
  const sql = await read("infra/compose/postgres-init.sql");
  const list = /^\\set services '([^']*)'$/m.exec(sql)?.[1];
  assert.deepEqual(list?.split(" "), names);
  assert.ok(
    compose.services.postgres!.volumes?.includes(
      "./infra/compose/postgres-init.sql:/docker-entrypoint-initdb.d/10-marquee.sql:ro",
    ),
  );
  assert.match(await read("infra/local/up.sh"), /infra\/compose\/postgres-init\.sql/);
});

Deno.test("the service table in docs/architecture.md lists the edge and each service", async () => {
  const doc = await read("docs/architecture.md");
  const section = doc.slice(
    doc.indexOf("## Services"),
    doc.indexOf("\n## ", doc.indexOf("## Services") + 1),
  );
  const rows = section.split("\n").filter((line) =>
    /^\| [a-z]/.test(line) && !line.startsWith("| service")
  )
    .map((line) => line.split("|").slice(1, 4).map((cell) => cell.trim()));
  assert.deepEqual(rows, [
    ["edge", String(EDGE_PORT), "—"],
    ...SERVICES.map((s) => [s.name, String(s.port), `\`${s.name}\``]),
  ]);
});

Deno.test("compose's media server runs the configuration infra/media_server.ts makes", async () => {
  assert.equal(
    await read("infra/compose/mediamtx.yml"),
    await composeMediaServerConfig(),
    "run `deno run -A infra/media_server.ts` to make it again",
  );
  assert.ok(
    compose.services.mediamtx!.volumes?.includes("./infra/compose/mediamtx.yml:/mediamtx.yml:ro"),
  );
});
