/**
 * Rate limiting at the edge, with the in-memory limiter and with Redis through the
 * Upstash REST server (the one named by `MARQUEE_TEST_UPSTASH_URL`, or one started here
 * against `MARQUEE_TEST_REDIS_URL`).
 */
import assert from "node:assert/strict";
import { answersOk } from "@marquee/testing";
import { startUpstashRest } from "../../infra/upstash/rest.ts";
import {
  makeKey,
  serveJwks,
  serveUpstream,
  signToken,
  startEdge,
  type TestKey,
} from "../../edge/_test_fixtures.ts";

const externalUrl = Deno.env.get("MARQUEE_TEST_UPSTASH_URL");
const externalToken = Deno.env.get("MARQUEE_TEST_UPSTASH_TOKEN") ?? "marquee-dev-upstash-token";
const redisUrl = Deno.env.get("MARQUEE_TEST_REDIS_URL");

interface Backend {
  name: string;
  ignore: boolean;
  /** Limiter environment for one edge, and how to stop what it started. */
  env(): Promise<{ env: Record<string, string>; [Symbol.asyncDispose](): Promise<void> }>;
}

const BACKENDS: Backend[] = [
  {
    name: "memory",
    ignore: false,
    env: () => Promise.resolve({ env: {}, [Symbol.asyncDispose]: () => Promise.resolve() }),
  },
  {
    name: "upstash",
    ignore: !externalUrl && !redisUrl,
    async env() {
      const prefix = `test:edge:rl:${crypto.randomUUID()}`;
      if (externalUrl) {
        return {
          env: {
            UPSTASH_REDIS_REST_URL: externalUrl,
            UPSTASH_REDIS_REST_TOKEN: externalToken,
            RATE_LIMIT_PREFIX: prefix,
          },
          [Symbol.asyncDispose]: () => Promise.resolve(),
        };
      }
      const token = crypto.randomUUID();
      const server = startUpstashRest({ redisUrl: redisUrl!, token, port: 0 });
      // Connected to Redis before the edge counts anything (or it would fail open).
      for (let i = 0; i < 100 && !(await answersOk(`${server.url}/health`)); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      return {
        env: {
          UPSTASH_REDIS_REST_URL: server.url,
          UPSTASH_REDIS_REST_TOKEN: token,
          RATE_LIMIT_PREFIX: prefix,
        },
        [Symbol.asyncDispose]: () => server.close(),
      };
    },
  },
];

async function setup(backend: Backend) {
  const key = await makeKey("k1");
  const jwks = serveJwks([key]);
  const service = serveUpstream((req) =>
    Response.json({ user: req.headers.get("x-marquee-user-id") })
  );
  const limiter = await backend.env();
  const edge = await startEdge({
    UPSTREAM_USERS: service.url,
    UPSTREAM_CATALOG: service.url,
    JWKS_URL: `${jwks.url}/.well-known/jwks.json`,
    // Hour-long windows: a window boundary in the middle of a test is then all but impossible.
    RATE_LIMIT_ANONYMOUS: "3/1h",
    RATE_LIMIT_USER: "5/1h",
    RATE_LIMIT_AUTH: "2/1h",
    ...limiter.env,
  });
  return {
    key,
    service,
    edge,
    async [Symbol.asyncDispose]() {
      await edge[Symbol.asyncDispose]();
      await limiter[Symbol.asyncDispose]();
      await jwks[Symbol.asyncDispose]();
      await service[Symbol.asyncDispose]();
    },
  };
}

async function get(url: string, headers: Record<string, string> = {}, method = "GET") {
  const res = await fetch(url, { method, headers, body: method === "POST" ? "{}" : undefined });
  await res.body?.cancel();
  return res;
}

const bearer = async (key: TestKey, sub: string) => ({
  authorization: `Bearer ${await signToken(key, { sub })}`,
});

for (const backend of BACKENDS) {
  Deno.test({
    name:
      `[${backend.name}] 429 with Retry-After and RateLimit-* after the configured count; spoofed X-Forwarded-For changes nothing`,
    ignore: backend.ignore,
    async fn() {
      await using t = await setup(backend);
      const url = `${t.edge.url}/api/products`;
      const remaining = [];
      for (let i = 0; i < 3; i++) {
        const res = await get(url, { "x-forwarded-for": `10.0.0.${i}` });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("ratelimit-limit"), "3");
        assert.ok(Number(res.headers.get("ratelimit-reset")) > 0);
        remaining.push(res.headers.get("ratelimit-remaining"));
      }
      assert.deepEqual(remaining, ["2", "1", "0"]);
      const refused = await fetch(url);
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get("content-type"), "application/problem+json");
      const retryAfter = Number(refused.headers.get("retry-after"));
      assert.ok(retryAfter >= 1 && retryAfter <= 3600, `retry-after ${retryAfter}`);
      assert.equal(refused.headers.get("ratelimit-remaining"), "0");
      assert.equal((await refused.json()).status, 429);
      for (const spoof of ["1.2.3.4", "127.0.0.2", "::1", "10.9.8.7, 6.6.6.6"]) {
        const res = await get(url, {
          "x-forwarded-for": spoof,
          "x-real-ip": spoof,
          forwarded: `for=${spoof}`,
        });
        assert.equal(res.status, 429, `spoofed ${spoof}`);
      }
      assert.equal(t.service.seen.length, 3);
    },
  });

  Deno.test({
    name: `[${backend.name}] signed-in users are limited per user, apart from anonymous traffic`,
    ignore: backend.ignore,
    async fn() {
      await using t = await setup(backend);
      const url = `${t.edge.url}/api/products`;
      const alice = await bearer(t.key, "alice");
      const bob = await bearer(t.key, "bob");
      for (let i = 0; i < 5; i++) assert.equal((await get(url, alice)).status, 200);
      const spent = await get(url, alice);
      assert.equal(spent.status, 429);
      assert.equal(spent.headers.get("ratelimit-limit"), "5");
      // A fresh token for the same user does not buy a new budget.
      assert.equal((await get(url, await bearer(t.key, "alice"))).status, 429);
      const other = await get(url, bob);
      assert.equal(other.status, 200);
      assert.equal(other.headers.get("ratelimit-remaining"), "4");
      const anonymous = await get(url);
      assert.equal(anonymous.status, 200);
      assert.equal(anonymous.headers.get("ratelimit-limit"), "3");
    },
  });

  Deno.test({
    name:
      `[${backend.name}] sign-in routes have the stricter rule, per address even when signed in`,
    ignore: backend.ignore,
    async fn() {
      await using t = await setup(backend);
      const login = `${t.edge.url}/api/auth/login`;
      const alice = await bearer(t.key, "alice");
      assert.equal((await get(login, {}, "POST")).status, 200);
      assert.equal((await get(login, alice, "POST")).status, 200);
      const refused = await get(login, await bearer(t.key, "bob"), "POST");
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get("ratelimit-limit"), "2");
      assert.equal((await get(`${t.edge.url}/api/auth/register`, {}, "POST")).status, 429);
      // Refresh runs on every page load: it takes the ordinary budget, not the sign-in one.
      assert.notEqual((await get(`${t.edge.url}/api/auth/refresh`, {}, "POST")).status, 429);
      // The other budgets are untouched.
      assert.equal((await get(`${t.edge.url}/api/products`)).status, 200);
      assert.equal((await get(`${t.edge.url}/api/me`, alice)).status, 200);
    },
  });
}

Deno.test("a limiter backend that is down lets requests through, with a warning and a metric", async () => {
  const gone = serveUpstream();
  const deadUrl = gone.url;
  await gone[Symbol.asyncDispose]();
  const key = await makeKey("k1");
  await using jwks = serveJwks([key]);
  await using service = serveUpstream();
  await using edge = await startEdge({
    UPSTREAM_CATALOG: service.url,
    JWKS_URL: `${jwks.url}/.well-known/jwks.json`,
    UPSTASH_REDIS_REST_URL: deadUrl,
    UPSTASH_REDIS_REST_TOKEN: "t",
    RATE_LIMIT_ANONYMOUS: "1/60s",
    RATE_LIMIT_TIMEOUT_MS: "300",
  });
  for (let i = 0; i < 3; i++) {
    const res = await get(`${edge.url}/api/products`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("ratelimit-limit"), null);
  }
  assert.ok(
    edge.logs.some((l) => l.level === "warn" && /Rate limiter unavailable/.test(String(l.msg))),
  );
  const metrics = await (await fetch(`${edge.url}/metrics`)).text();
  assert.match(metrics, /edge_rate_limiter_failures_total\{backend="upstash",rule="anonymous"\} 3/);
  const ready = await fetch(`${edge.url}/health/ready`);
  assert.equal(ready.status, 503);
  assert.equal((await ready.json()).checks.limiter.status, "down");
});
