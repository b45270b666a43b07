import assert from "node:assert/strict";
import { createLogger } from "@marquee/log";
import { createRoute, createRouter, createService, HttpProblem, z } from "./mod.ts";

function makeService() {
  const lines: string[] = [];
  const logger = createLogger({ service: "test", sink: (l) => lines.push(l) });
  let dbUp = true;
  const { app, registry } = createService({
    name: "test",
    logger,
    bodyLimitBytes: 64,
    checks: {
      database: () => dbUp ? Promise.resolve() : Promise.reject(new Error("connection refused")),
    },
  });
  const items = createRouter();
  items.openapi(
    createRoute({
      method: "post",
      path: "/items",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({ name: z.string().min(2), qty: z.number().int().positive() }),
            },
          },
        },
      },
      responses: { 201: { description: "Created" } },
    }),
    (c) => c.json({ ok: c.req.valid("json").name }, 201),
  );
  items.get("/boom", () => {
    throw new Error("secret internals");
  });
  items.get("/conflict", () => {
    throw new HttpProblem(409, 'Email "a@b.c" is taken');
  });
  app.route("/api", items);
  return { app, registry, lines, setDb: (up: boolean) => (dbUp = up) };
}

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://x/api/items", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });

Deno.test("invalid fields give a 422 problem naming each field", async () => {
  const { app } = makeService();
  const res = await app.request(post(JSON.stringify({ name: "a", qty: -1 })));
  assert.equal(res.status, 422);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const body = await res.json();
  assert.deepEqual(body.errors.map((e: { field: string }) => e.field).sort(), [
    "body.name",
    "body.qty",
  ]);
});

Deno.test("text holding a NUL character is a 422 problem naming the field", async () => {
  const { app } = makeService();
  const res = await app.request(post(JSON.stringify({ name: "a\u0000b", qty: 1 })));
  assert.equal(res.status, 422);
  assert.deepEqual((await res.json()).errors, [
    { field: "body.name", message: "Must not contain a NUL character" },
  ]);
});

Deno.test("malformed JSON is a 400 problem, not a 500", async () => {
  const { app } = makeService();
  const res = await app.request(post("{not json"));
  assert.equal(res.status, 400);
  assert.equal((await res.json()).status, 400);
});

Deno.test("an oversized body is a 413 problem", async () => {
  const { app } = makeService();
  const res = await app.request(post(JSON.stringify({ name: "x".repeat(200), qty: 1 })));
  assert.equal(res.status, 413);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
});

Deno.test("unknown errors are a bare 500 problem and logged; known ones keep status", async () => {
  const { app, lines } = makeService();
  const res = await app.request("http://x/api/boom");
  assert.equal(res.status, 500);
  assert.doesNotMatch(await res.text(), /secret/);
  assert.ok(lines.some((l) => l.includes("secret internals")));
  const conflict = await app.request("http://x/api/conflict");
  assert.equal(conflict.status, 409);
  assert.equal((await conflict.json()).detail, 'Email "a@b.c" is taken');
});

Deno.test("unknown routes are a 404 problem", async () => {
  const { app } = makeService();
  const res = await app.request("http://x/nope");
  assert.equal(res.status, 404);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
});

Deno.test("request id and traceparent are continued from the caller", async () => {
  const { app, lines } = makeService();
  const trace = "0af7651916cd43dd8448eb211c80319c";
  const res = await app.request(post(JSON.stringify({ name: "ok", qty: 1 }), {
    "x-request-id": "req-42",
    traceparent: `00-${trace}-b7ad6b7169203331-01`,
  }));
  assert.equal(res.status, 201);
  assert.equal(res.headers.get("x-request-id"), "req-42");
  assert.match(res.headers.get("traceparent")!, new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`));
  const access = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "Request handled");
  assert.equal(access.requestId, "req-42");
  assert.equal(access.traceId, trace);
  assert.equal(access.route, "/api/items");
});

Deno.test("ready reports failing checks with 503; live stays up", async () => {
  const { app, setDb } = makeService();
  assert.equal((await app.request("http://x/health/ready")).status, 200);
  setDb(false);
  const res = await app.request("http://x/health/ready");
  assert.equal(res.status, 503);
  assert.equal((await res.json()).checks.database.status, "down");
  assert.equal((await app.request("http://x/health/live")).status, 200);
});

Deno.test("metrics count requests by route and openapi documents them", async () => {
  const { app } = makeService();
  await app.request(post(JSON.stringify({ name: "ok", qty: 1 })));
  const metrics = await (await app.request("http://x/metrics")).text();
  assert.match(metrics, /http_requests_total\{method="POST",route="\/api\/items",status="201"\} 1/);
  assert.match(metrics, /http_request_duration_seconds_bucket\{method="POST",route="\/api\/items"/);
  const doc = await (await app.request("http://x/openapi.json")).json();
  assert.equal(doc.openapi, "3.1.0");
  assert.ok(doc.paths["/api/items"].post);
});

Deno.test("openapi documents the problems the kit answers beside the route's own", async () => {
  const { app } = makeService();
  const doc = await (await app.request("http://x/openapi.json")).json();
  const responses = doc.paths["/api/items"].post.responses;
  assert.deepEqual(Object.keys(responses), ["201", "400", "413", "415", "422"]);
  assert.deepEqual(responses["422"].content["application/problem+json"].schema, {
    $ref: "#/components/schemas/Problem",
  });
  assert.ok(doc.components.schemas.Problem);
  // Each status the kit documents is one it really answers.
  assert.equal((await app.request(post("{not json"))).status, 400);
  assert.equal((await app.request(post("x".repeat(100)))).status, 413);
  const text = post("{}", { "content-type": "text/plain" });
  assert.equal((await app.request(text)).status, 415);
});

Deno.test("a method the server does not know is counted as OTHER, not as a series of its own", async () => {
  const { app } = makeService();
  for (const method of ["BREW", "WHEN", "PURGEALL"]) {
    await app.request(new Request("http://x/api/items", { method }));
  }
  const metrics = await (await app.request("http://x/metrics")).text();
  assert.doesNotMatch(metrics, /method="(BREW|WHEN|PURGEALL)"/);
  assert.match(metrics, /http_requests_total\{method="OTHER",route="[^"]+",status="\d+"\} 3/);
});
