/**
 * The edge's gateway against real loopback servers: routing by the route table, token
 * checks before any upstream sees a request, identity headers only from verified tokens,
 * a dead upstream failing fast, and WebSocket pass-through.
 */
import assert from "node:assert/strict";
import { ROUTES } from "../../edge/gateway/route_table.ts";
import {
  b64url,
  ISSUER,
  makeKey,
  serveJwks,
  serveUpstream,
  signToken,
  startEdge,
} from "../../edge/_test_fixtures.ts";

const echo = (req: Request, seen: { method: string; path: string; body: string }) =>
  Response.json(
    {
      method: seen.method,
      path: seen.path,
      body: seen.body,
      userId: req.headers.get("x-marquee-user-id"),
      roles: req.headers.get("x-marquee-roles"),
      forwardedFor: req.headers.get("x-forwarded-for"),
    },
    { status: seen.method === "POST" ? 201 : 200, headers: { "x-upstream": "yes" } },
  );

async function setup(env: Record<string, string> = {}) {
  const key = await makeKey("k1");
  const jwks = serveJwks([key]);
  const users = serveUpstream(echo);
  const catalog = serveUpstream(echo);
  const edge = await startEdge({
    UPSTREAM_USERS: users.url,
    UPSTREAM_CATALOG: catalog.url,
    JWKS_URL: `${jwks.url}/.well-known/jwks.json`,
    RATE_LIMIT_ANONYMOUS: "10000/60s",
    RATE_LIMIT_USER: "10000/60s",
    RATE_LIMIT_AUTH: "10000/60s",
    ...env,
  });
  return {
    key,
    users,
    catalog,
    edge,
    async [Symbol.asyncDispose]() {
      await edge[Symbol.asyncDispose]();
      await Promise.all([jwks, users, catalog].map((s) => s[Symbol.asyncDispose]()));
    },
  };
}

Deno.test("routes by table: path, query and body reach the right service and come back", async () => {
  await using t = await setup();
  const token = await signToken(t.key, { sub: "u-42", roles: ["creator"] });
  const res = await fetch(`${t.edge.url}/api/products?b=2&a=1`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ title: "A course" }),
  });
  assert.equal(res.status, 201);
  assert.equal(res.headers.get("x-upstream"), "yes");
  assert.ok(res.headers.get("x-request-id"));
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  const body = await res.json();
  assert.deepEqual(body, {
    method: "POST",
    path: "/api/products?b=2&a=1",
    body: '{"title":"A course"}',
    userId: "u-42",
    roles: "creator",
    forwardedFor: "127.0.0.1",
  });
  assert.equal(t.catalog.seen.length, 1);
  assert.equal(t.users.seen.length, 0);

  const me = await fetch(`${t.edge.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal((await me.json()).path, "/api/me");
  const jwks = await fetch(`${t.edge.url}/.well-known/jwks.json`);
  assert.equal((await jwks.json()).path, "/.well-known/jwks.json");
  const login = await fetch(`${t.edge.url}/api/auth/login`, { method: "POST", body: "{}" });
  assert.equal((await login.json()).path, "/api/auth/login");
  assert.equal(t.users.seen.length, 3);
});

Deno.test("internal and unknown API paths answer 404 problem+json without reaching a service", async () => {
  await using t = await setup();
  for (
    const path of [
      "/api/inventory",
      "/api/inventory/reserve",
      "/api/nope",
      "/api/productsX",
      "/ws/nope",
    ]
  ) {
    const res = await fetch(`${t.edge.url}${path}`, {
      method: path.includes("reserve") ? "POST" : "GET",
    });
    assert.equal(res.status, 404, path);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.equal((await res.json()).status, 404);
  }
  assert.equal(t.catalog.seen.length + t.users.seen.length, 0);
});

Deno.test("every bad token is refused with 401 before the upstream sees the request", async () => {
  await using t = await setup();
  const stranger = await makeKey("k-unknown");
  const now = Math.floor(Date.now() / 1000);
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode("a-shared-secret-that-is-long-enough"),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const header = b64url({ alg: "HS256", kid: "k1", typ: "JWT" });
  const claims = b64url({
    sub: "admin",
    roles: ["admin"],
    iss: ISSUER,
    aud: "marquee",
    exp: now + 300,
  });
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", hmacKey, new TextEncoder().encode(`${header}.${claims}`)),
  );
  const hs256 = `${header}.${claims}.${b64url("x").slice(0, 0)}${
    btoa(String.fromCharCode(...mac)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")
  }`;
  const cases: Record<string, string | undefined> = {
    missing: undefined,
    malformed: "Bearer not-a-token",
    emptyBearer: "Bearer ",
    expired: `Bearer ${await signToken(t.key, { expiresInSec: -600 })}`,
    unknownKey: `Bearer ${await signToken(stranger)}`,
    algNone: `Bearer ${b64url({ alg: "none", typ: "JWT" })}.${claims}.`,
    hs256: `Bearer ${hs256}`,
    wrongAudience: `Bearer ${await signToken(t.key, { audience: "someone-else" })}`,
    wrongIssuer: `Bearer ${await signToken(t.key, { issuer: "https://evil.test" })}`,
  };
  for (const [name, authorization] of Object.entries(cases)) {
    for (const path of ["/api/me", "/api/admin/users", "/api/users/u-1"]) {
      const res = await fetch(`${t.edge.url}${path}`, {
        headers: authorization ? { authorization } : {},
      });
      assert.equal(res.status, 401, `${name} on ${path}`);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
      await res.body?.cancel();
    }
    if (authorization && name !== "emptyBearer") {
      const optional = await fetch(`${t.edge.url}/api/products`, { headers: { authorization } });
      assert.equal(optional.status, 401, `${name} on an optional route`);
      await optional.body?.cancel();
    }
  }
  assert.equal(t.users.seen.length, 0);
  assert.equal(t.catalog.seen.length, 0);

  const anonymous = await fetch(`${t.edge.url}/api/products`);
  assert.equal(anonymous.status, 200);
  assert.equal((await anonymous.json()).userId, null);
});

Deno.test("forged identity and forwarding headers never reach the upstream", async () => {
  await using t = await setup();
  const forged = {
    "x-marquee-user-id": "admin",
    "x-marquee-roles": "admin",
    "x-user-id": "admin",
    "x-forwarded-for": "6.6.6.6",
    "x-forwarded-host": "evil.test",
    "forwarded": "for=6.6.6.6",
    "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    "x-request-id": "client-chosen-id",
  };
  await (await fetch(`${t.edge.url}/api/products`, { headers: forged })).body?.cancel();
  const anonymous = t.catalog.seen.at(-1)!.headers;
  assert.equal(anonymous.get("x-marquee-user-id"), null);
  assert.equal(anonymous.get("x-marquee-roles"), null);
  assert.equal(anonymous.get("x-user-id"), null);
  assert.equal(anonymous.get("forwarded"), null);
  assert.equal(anonymous.get("x-forwarded-for"), "127.0.0.1");
  assert.equal(anonymous.get("x-forwarded-host"), new URL(t.edge.url).host);
  assert.equal(anonymous.get("x-forwarded-proto"), "http");
  assert.equal(anonymous.get("x-request-id"), "client-chosen-id");
  const traceparent = anonymous.get("traceparent")!;
  assert.match(traceparent, /^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
  assert.notEqual(traceparent, forged.traceparent);

  const token = await signToken(t.key, { sub: "u-7", roles: ["buyer"] });
  await (await fetch(`${t.edge.url}/api/me`, {
    headers: { ...forged, authorization: `Bearer ${token}` },
  }))
    .body?.cancel();
  const verified = t.users.seen.at(-1)!.headers;
  assert.equal(verified.get("x-marquee-user-id"), "u-7");
  assert.equal(verified.get("x-marquee-roles"), "buyer");
  assert.equal(verified.get("authorization"), `Bearer ${token}`);
  assert.equal(verified.get("x-forwarded-for"), "127.0.0.1");
});

Deno.test("bodies stream both ways; /api bodies are limited, blob uploads are not", async () => {
  const gate = Promise.withResolvers<void>();
  const encoder = new TextEncoder();
  await using catalog = serveUpstream((req, seen) => {
    if (seen.path === "/api/products/stream") {
      return new Response(
        new ReadableStream({
          async start(controller) {
            controller.enqueue(encoder.encode("first;"));
            await gate.promise;
            controller.enqueue(encoder.encode("second"));
            controller.close();
          },
        }),
        { headers: { "content-type": "text/plain" } },
      );
    }
    return Response.json({
      bytes: seen.body.length,
      chunked: req.headers.get("transfer-encoding"),
    });
  });
  const key = await makeKey("k1");
  await using jwks = serveJwks([key]);
  await using edge = await startEdge({
    UPSTREAM_CATALOG: catalog.url,
    JWKS_URL: `${jwks.url}/.well-known/jwks.json`,
    BODY_LIMIT_BYTES: "100000",
  });

  const res = await fetch(`${edge.url}/api/products/stream`);
  const reader = res.body!.getReader();
  const first = await reader.read();
  assert.equal(new TextDecoder().decode(first.value), "first;");
  gate.resolve();
  let rest = "";
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    rest += new TextDecoder().decode(r.value);
  }
  assert.equal(rest, "second");

  const stream = (bytes: number) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let sent = 0; sent < bytes; sent += 16_384) {
          controller.enqueue(new Uint8Array(Math.min(16_384, bytes - sent)).fill(97));
        }
        controller.close();
      },
    });
  const upload = await fetch(`${edge.url}/blobs/put-token`, {
    method: "PUT",
    body: stream(300_000),
  });
  assert.deepEqual(await upload.json(), { bytes: 300_000, chunked: "chunked" });

  const declared = await fetch(`${edge.url}/api/products`, {
    method: "POST",
    body: new Uint8Array(100_001),
  });
  assert.equal(declared.status, 413);
  assert.equal(declared.headers.get("content-type"), "application/problem+json");
  await declared.body?.cancel();
  const seenBefore = catalog.seen.length;
  const streamed = await fetch(`${edge.url}/api/products`, {
    method: "POST",
    body: stream(200_000),
  });
  assert.equal(streamed.status, 413);
  await streamed.body?.cancel();
  const small = await fetch(`${edge.url}/api/products`, { method: "POST", body: stream(50_000) });
  assert.deepEqual(await small.json(), { bytes: 50_000, chunked: "chunked" });
  assert.ok(catalog.seen.length >= seenBefore + 1);
});

Deno.test("a dead upstream answers 503 problem+json with Retry-After, fast, once its breaker opens", async () => {
  const gone = serveUpstream();
  const deadUrl = gone.url;
  await gone[Symbol.asyncDispose]();
  const key = await makeKey("k1");
  await using jwks = serveJwks([key]);
  await using edge = await startEdge({
    UPSTREAM_CATALOG: deadUrl,
    JWKS_URL: `${jwks.url}/.well-known/jwks.json`,
    UPSTREAM_BREAKER_RESET_MS: "30000",
  });
  let res: Response | undefined;
  for (let i = 0; i < 10; i++) {
    res = await fetch(`${edge.url}/api/products`);
    if (res.status === 503) break;
    assert.equal(res.status, 502);
    await res.body?.cancel();
  }
  assert.equal(res?.status, 503, "the breaker should open within 10 calls");
  await res?.body?.cancel();

  const started = performance.now();
  const fast = await fetch(`${edge.url}/api/products/some-slug`);
  const body = await fast.json();
  const elapsed = performance.now() - started;
  assert.equal(fast.status, 503);
  assert.equal(fast.headers.get("content-type"), "application/problem+json");
  assert.equal(fast.headers.get("retry-after"), "30");
  assert.match(body.detail, /"catalog" is unavailable/);
  assert.ok(elapsed < 50, `answered in ${elapsed.toFixed(1)} ms`);
});

Deno.test({
  name: "WebSocket routes pipe frames both ways with the verified identity",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const key = await makeKey("k1");
    await using jwks = serveJwks([key]);
    await using upstream = serveUpstream((req) => {
      const user = req.headers.get("x-marquee-user-id") ?? "anonymous";
      const path = new URL(req.url).pathname;
      const { socket, response } = Deno.upgradeWebSocket(req);
      socket.onopen = () => socket.send(`hello ${user} at ${path}`);
      socket.onmessage = (e) => socket.send(typeof e.data === "string" ? `echo:${e.data}` : e.data);
      return response;
    });
    await using edge = await startEdge({ JWKS_URL: `${jwks.url}/.well-known/jwks.json` }, {
      routes: [...ROUTES, {
        prefix: "/ws/echo",
        upstream: "echo",
        auth: "optional",
        limit: "default",
        websocket: true,
      }],
      upstreams: { echo: upstream.url },
    });

    const ws = new WebSocket(`${edge.url.replace("http", "ws")}/ws/echo/room-1`);
    ws.binaryType = "arraybuffer";
    const messages: unknown[] = [];
    const received = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const check = () => messages.length >= n ? resolve() : setTimeout(check, 5);
        setTimeout(() => reject(new Error(`Only ${messages.length} messages`)), 5_000);
        check();
      });
    ws.onmessage = (e) => messages.push(e.data);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    await received(1);
    assert.equal(messages[0], "hello anonymous at /ws/echo/room-1");
    ws.send("ping");
    ws.send(new Uint8Array([1, 2, 3]));
    await received(3);
    assert.equal(messages[1], "echo:ping");
    assert.deepEqual([...new Uint8Array(messages[2] as ArrayBuffer)], [1, 2, 3]);
    const closed = new Promise((resolve) => (ws.onclose = resolve));
    ws.close(1000, "done");
    await closed;

    const plain = await fetch(`${edge.url}/ws/echo/room-1`);
    assert.equal(plain.status, 426);
    await plain.body?.cancel();
  },
});
