/**
 * The edge cache against real loopback servers: hits and misses, conditional requests,
 * stale-while-revalidate, what is never cached, purges by tag (endpoint and events), and
 * a fresh CSP nonce on every cached page.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { createMemoryBus } from "@marquee/events";
import { eventually } from "@marquee/testing";
import { CSP_NONCE_PLACEHOLDER } from "../../edge/middleware/csp.ts";
import { TOPICS } from "@marquee/contracts/topics";
import {
  makeKey,
  serveJwks,
  serveUpstream,
  signToken,
  startEdge,
} from "../../edge/_test_fixtures.ts";
import type { EdgeAppOptions } from "../../edge/app.ts";

const PURGE_TOKEN = "purge-token-0123456789abcdef";

/** A catalog stand-in: every answer counts how often its path was asked for. */
function catalogStandIn() {
  const counts = new Map<string, number>();
  return serveUpstream((req) => {
    const path = new URL(req.url).pathname;
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    const body = JSON.stringify({ path, n });
    const json = { "content-type": "application/json" };
    switch (path) {
      case "/api/products/stale":
        return new Response(body, {
          headers: { ...json, "cache-control": "public, s-maxage=1, stale-while-revalidate=30" },
        });
      case "/api/products/private":
        return new Response(body, { headers: { ...json, "cache-control": "private, max-age=60" } });
      case "/api/products/cookie":
        return new Response(body, {
          headers: { ...json, "cache-control": "public, s-maxage=60", "set-cookie": "a=b" },
        });
      case "/api/products/missing":
        return new Response(body, {
          status: 404,
          headers: { ...json, "cache-control": "public, s-maxage=60" },
        });
      default: {
        const slug = path.split("/")[3];
        return new Response(body, {
          headers: {
            ...json,
            "cache-control": "public, s-maxage=60",
            "x-cache-tags": slug ? `product:${slug},creator:c-1,catalog` : "catalog",
          },
        });
      }
    }
  });
}

/** A storefront whose page writes the nonce placeholder on every script. */
function storefront(): Hono {
  const app = new Hono();
  app.get("/", (c) =>
    c.html(
      `<!doctype html><html><head><script type="module" nonce="${CSP_NONCE_PLACEHOLDER}">boot()</script></head>` +
        `<body><script nonce="${CSP_NONCE_PLACEHOLDER}">1</script></body></html>`,
      200,
      { "cache-control": "public, max-age=0, s-maxage=60", "x-cache-tags": "catalog" },
    ));
  return app;
}

async function setup(options: Omit<EdgeAppOptions, "config"> = {}) {
  const key = await makeKey("k1");
  const jwks = serveJwks([key]);
  const catalog = catalogStandIn();
  const edge = await startEdge({
    UPSTREAM_CATALOG: catalog.url,
    JWKS_URL: `${jwks.url}/.well-known/jwks.json`,
    EDGE_PURGE_TOKEN: PURGE_TOKEN,
    RATE_LIMIT_ANONYMOUS: "10000/60s",
    RATE_LIMIT_USER: "10000/60s",
  }, { storefront: storefront(), ...options });
  return {
    key,
    catalog,
    edge,
    hits: (path: string) => catalog.seen.filter((s) => s.path.split("?")[0] === path).length,
    async [Symbol.asyncDispose]() {
      await edge[Symbol.asyncDispose]();
      await jwks[Symbol.asyncDispose]();
      await catalog[Symbol.asyncDispose]();
    },
  };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { res, text: await res.text() };
}

Deno.test("MISS then HIT under one normalized key, with a strong ETag and the tags hidden", async () => {
  await using t = await setup();
  const first = await get(`${t.edge.url}/api/products?b=2&a=1&utm_source=mail`);
  assert.equal(first.res.status, 200);
  assert.equal(first.res.headers.get("x-cache"), "MISS");
  assert.equal(first.res.headers.get("x-cache-tags"), null);
  assert.equal(first.res.headers.get("cache-control"), "public, s-maxage=60");
  const etag = first.res.headers.get("etag")!;
  assert.match(etag, /^"[\w-]{43}"$/);

  const second = await get(`${t.edge.url}/api/products?a=1&b=2`);
  assert.equal(second.res.headers.get("x-cache"), "HIT");
  assert.equal(second.text, first.text);
  assert.equal(second.res.headers.get("etag"), etag);
  assert.equal(second.res.headers.get("x-cache-tags"), null);
  assert.ok(Number(second.res.headers.get("age")) >= 0);
  assert.ok(second.res.headers.get("x-request-id"));
  assert.equal(t.hits("/api/products"), 1);

  const head = await fetch(`${t.edge.url}/api/products?a=1&b=2`, { method: "HEAD" });
  assert.equal(head.headers.get("x-cache"), "HIT");
  assert.equal(await head.text(), "");
  assert.equal(t.hits("/api/products"), 1);
});

Deno.test("If-None-Match is answered with 304 on hits and on misses", async () => {
  await using t = await setup();
  const miss = await get(`${t.edge.url}/api/products/one`);
  const etag = miss.res.headers.get("etag")!;
  const hit = await get(`${t.edge.url}/api/products/one`, { "if-none-match": `W/"x", ${etag}` });
  assert.equal(hit.res.status, 304);
  assert.equal(hit.text, "");
  assert.equal(hit.res.headers.get("etag"), etag);
  assert.equal(hit.res.headers.get("x-cache"), "HIT");
  assert.equal(t.hits("/api/products/one"), 1);

  const stranger = await get(`${t.edge.url}/api/products/one`, { "if-none-match": '"other"' });
  assert.equal(stranger.res.status, 200);

  // A miss computes the same tag from the same body.
  const fresh = await get(`${t.edge.url}/api/products/two`, { "if-none-match": "*" });
  assert.equal(fresh.res.status, 304);
  assert.equal(fresh.res.headers.get("x-cache"), "MISS");
});

Deno.test("a stale entry within stale-while-revalidate is served at once and refreshed behind", async () => {
  await using t = await setup();
  const url = `${t.edge.url}/api/products/stale`;
  assert.equal(JSON.parse((await get(url)).text).n, 1);
  assert.equal((await get(url)).res.headers.get("x-cache"), "HIT");
  await new Promise((r) => setTimeout(r, 1_100));
  const stale = await get(url);
  assert.equal(stale.res.headers.get("x-cache"), "STALE");
  assert.equal(JSON.parse(stale.text).n, 1);
  await t.edge.app.cache.settled();
  const refreshed = await get(url);
  assert.equal(refreshed.res.headers.get("x-cache"), "HIT");
  assert.equal(JSON.parse(refreshed.text).n, 2);
  assert.equal(t.hits("/api/products/stale"), 2);
});

Deno.test("nothing is cached with Authorization, Set-Cookie, private or an error status", async () => {
  await using t = await setup();
  const token = await signToken(t.key);
  for (let i = 0; i < 2; i++) {
    const auth = await get(`${t.edge.url}/api/products/auth`, { authorization: `Bearer ${token}` });
    assert.equal(auth.res.headers.get("x-cache"), "BYPASS");
    assert.equal(auth.res.headers.get("x-cache-tags"), null);
    for (const path of ["/api/products/cookie", "/api/products/private", "/api/products/missing"]) {
      assert.equal((await get(`${t.edge.url}${path}`)).res.headers.get("x-cache"), "MISS", path);
    }
  }
  for (
    const path of [
      "/api/products/auth",
      "/api/products/cookie",
      "/api/products/private",
      "/api/products/missing",
    ]
  ) {
    assert.equal(t.hits(path), 2, path);
  }
  // The token's answer did not land in the cache for anonymous callers either.
  assert.equal((await get(`${t.edge.url}/api/products/auth`)).res.headers.get("x-cache"), "MISS");
});

Deno.test("POST /_edge/purge drops entries by tag and refuses callers without the token", async () => {
  await using t = await setup();
  const purge = (body: unknown, token?: string) =>
    fetch(`${t.edge.url}/_edge/purge`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  await get(`${t.edge.url}/api/products/slug-1`);
  await get(`${t.edge.url}/api/products/other`);
  assert.equal((await get(`${t.edge.url}/api/products/slug-1`)).res.headers.get("x-cache"), "HIT");

  for (const token of [undefined, "wrong-token-0123456789", `${PURGE_TOKEN}x`]) {
    const refused = await purge({ tags: ["catalog"] }, token);
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get("content-type"), "application/problem+json");
    await refused.body?.cancel();
  }
  assert.equal((await get(`${t.edge.url}/api/products/slug-1`)).res.headers.get("x-cache"), "HIT");
  const invalid = await purge({ tags: [] }, PURGE_TOKEN);
  assert.equal(invalid.status, 422);
  assert.equal((await invalid.json()).errors[0].field, "body.tags");

  const done = await purge({ tags: ["product:slug-1", "unknown:tag"] }, PURGE_TOKEN);
  assert.equal(done.status, 200);
  assert.deepEqual(await done.json(), { purged: 1 });
  assert.equal((await get(`${t.edge.url}/api/products/slug-1`)).res.headers.get("x-cache"), "MISS");
  assert.equal((await get(`${t.edge.url}/api/products/other`)).res.headers.get("x-cache"), "HIT");
});

Deno.test("a product event on the injected bus purges the product's entries within seconds", async () => {
  const bus = createMemoryBus();
  await bus.ensureTopics([TOPICS.catalogProducts, TOPICS.catalogInventory, TOPICS.streams]);
  try {
    await using t = await setup({ bus });
    await get(`${t.edge.url}/api/products/slug-1`);
    await get(`${t.edge.url}/`);
    assert.equal(
      (await get(`${t.edge.url}/api/products/slug-1`)).res.headers.get("x-cache"),
      "HIT",
    );
    assert.equal((await get(`${t.edge.url}/`)).res.headers.get("x-cache"), "HIT");
    const envelope = {
      specversion: "1.0",
      id: crypto.randomUUID(),
      source: "catalog",
      type: "product.updated",
      subject: "p-1",
      time: new Date().toISOString(),
      datacontenttype: "application/json",
      dataversion: 1,
      data: { productId: "p-1", slug: "slug-1", creatorId: "c-1", changed: ["price"] },
    };
    const started = Date.now();
    await bus.publish([{
      topic: TOPICS.catalogProducts,
      key: "p-1",
      value: JSON.stringify(envelope),
      headers: {},
    }]);
    await eventually(
      async () =>
        (await get(`${t.edge.url}/api/products/slug-1`)).res.headers.get("x-cache") === "MISS",
      5_000,
      "purge by event",
    );
    assert.ok(Date.now() - started < 5_000);
    // The storefront page carried the `catalog` tag.
    assert.equal((await get(`${t.edge.url}/`)).res.headers.get("x-cache"), "MISS");
  } finally {
    await bus.close();
  }
});

Deno.test("a stream event purges the pages by path, tagged or not, and nothing else", async () => {
  const bus = createMemoryBus();
  await bus.ensureTopics([TOPICS.catalogProducts, TOPICS.catalogInventory, TOPICS.streams]);
  try {
    await using t = await setup({ bus });
    await get(`${t.edge.url}/`);
    await get(`${t.edge.url}/api/products/slug-1`);
    assert.equal((await get(`${t.edge.url}/`)).res.headers.get("x-cache"), "HIT");
    const streamId = crypto.randomUUID();
    await bus.publish([{
      topic: TOPICS.streams,
      key: streamId,
      value: JSON.stringify({
        specversion: "1.0",
        id: crypto.randomUUID(),
        source: "/marquee/streaming",
        type: "stream.started",
        subject: streamId,
        time: new Date().toISOString(),
        datacontenttype: "application/json",
        dataversion: 1,
        data: { streamId, creatorId: "c-2", status: "live" },
      }),
      headers: {},
    }]);
    await eventually(
      async () => (await get(`${t.edge.url}/`)).res.headers.get("x-cache") === "MISS",
      5_000,
      "home page purged by a stream event",
    );
    assert.equal(
      (await get(`${t.edge.url}/api/products/slug-1`)).res.headers.get("x-cache"),
      "HIT",
    );
  } finally {
    await bus.close();
  }
});

Deno.test("a sale of a limited product purges that product only", async () => {
  const bus = createMemoryBus();
  await bus.ensureTopics([TOPICS.catalogProducts, TOPICS.catalogInventory, TOPICS.streams]);
  try {
    await using t = await setup({ bus });
    for (const path of ["/api/products/seats-1", "/api/products/other-1", "/"]) {
      await get(`${t.edge.url}${path}`);
      assert.equal((await get(`${t.edge.url}${path}`)).res.headers.get("x-cache"), "HIT");
    }
    await bus.publish([{
      topic: TOPICS.catalogInventory,
      key: "seats-1",
      value: JSON.stringify({
        specversion: "1.0",
        id: crypto.randomUUID(),
        source: "catalog",
        type: "inventory.committed",
        subject: "seats-1",
        time: new Date().toISOString(),
        datacontenttype: "application/json",
        dataversion: 1,
        data: { productId: "seats-1", holdId: crypto.randomUUID(), quantity: 1, available: 0 },
      }),
      headers: {},
    }]);
    await eventually(
      async () =>
        (await get(`${t.edge.url}/api/products/seats-1`)).res.headers.get("x-cache") === "MISS",
      5_000,
      "purge by sale",
    );
    assert.equal(
      (await get(`${t.edge.url}/api/products/other-1`)).res.headers.get("x-cache"),
      "HIT",
    );
    assert.equal((await get(`${t.edge.url}/`)).res.headers.get("x-cache"), "HIT");
  } finally {
    await bus.close();
  }
});

Deno.test("every HIT of a cached page gets its own CSP nonce, the same in header and body", async () => {
  await using t = await setup();
  const nonces: string[] = [];
  for (const expected of ["MISS", "HIT", "HIT"]) {
    const { res, text } = await get(`${t.edge.url}/`);
    assert.equal(res.headers.get("x-cache"), expected);
    assert.match(res.headers.get("content-type")!, /^text\/html/);
    const policy = res.headers.get("content-security-policy")!;
    const nonce = /script-src 'nonce-([\w+/=-]+)' 'strict-dynamic'/.exec(policy)![1]!;
    assert.ok(!text.includes(CSP_NONCE_PLACEHOLDER));
    const inBody = [...text.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(inBody, [nonce, nonce]);
    nonces.push(nonce);
  }
  assert.equal(new Set(nonces).size, 3);
  const notModified = await fetch(`${t.edge.url}/`, {
    headers: {
      "if-none-match":
        (await fetch(`${t.edge.url}/`).then(async (r) => (await r.body?.cancel(), r))).headers.get(
          "etag",
        )!,
    },
  });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.headers.get("content-security-policy"), null);
});

Deno.test("a hot hit answered before the stack carries what the stack gave the previous one", async () => {
  await using t = await setup();
  const miss = await get(`${t.edge.url}/`); // MISS: stored
  const full = await get(`${t.edge.url}/`); // the first hit goes through the stack
  const fast = await get(`${t.edge.url}/`); // then the fast lane answers
  const other = await get(`${t.edge.url}/`, { origin: "https://elsewhere.example" });
  const names = (res: Response) => [...res.headers.keys()].filter((n) => n !== "date").sort();
  assert.deepEqual(names(fast.res), names(full.res));
  for (const name of ["etag", "cache-control", "permissions-policy", "vary", "x-cache"]) {
    assert.equal(fast.res.headers.get(name), full.res.headers.get(name), name);
  }
  for (const { res, text } of [full, fast, other]) {
    assert.equal(res.headers.get("x-cache"), "HIT");
    const nonce = /'nonce-([\w+/=-]+)'/.exec(res.headers.get("content-security-policy")!)![1]!;
    assert.equal(text.split(`nonce="${nonce}"`).length - 1, 2);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.match(res.headers.get("vary") ?? "", /Origin/);
    assert.ok(res.headers.get("traceparent"));
    // The budget shown to the caller that filled the entry is that caller's alone.
    assert.equal(res.headers.get("ratelimit-remaining"), null);
    assert.equal(res.headers.get("server-timing"), null);
  }
  assert.notEqual(miss.res.headers.get("ratelimit-remaining"), null);
  assert.notEqual(full.res.headers.get("x-request-id"), fast.res.headers.get("x-request-id"));
  assert.notEqual(
    full.res.headers.get("content-security-policy"),
    fast.res.headers.get("content-security-policy"),
  );
  assert.equal(other.res.headers.get("access-control-allow-origin"), null);
  assert.match(
    await fetch(`${t.edge.url}/metrics`).then((r) => r.text()),
    /edge_fast_lane_total 1\b/,
  );
});
