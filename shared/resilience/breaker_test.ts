import assert from "node:assert/strict";
import { Registry } from "@marquee/metrics";
import { createUpstream } from "./client.ts";
import { CircuitOpenError } from "./errors.ts";
import { serveLoopback } from "./_test_server.ts";

Deno.test("repeated 503s open the breaker, which fails fast and half-opens after resetTimeout", async () => {
  let healthy = false;
  await using server = serveLoopback(() =>
    healthy ? new Response("ok") : new Response("down", { status: 503 })
  );
  const registry = new Registry();
  const client = createUpstream({
    name: "catalog",
    baseUrl: server.url,
    registry,
    retries: 0,
    breaker: { volumeThreshold: 5, resetTimeout: 150 },
  });
  try {
    for (let i = 0; i < 5; i++) {
      const res = await client.fetch("/items");
      assert.equal(res.status, 503);
      await res.body?.cancel();
    }
    assert.equal(client.state(), "open");
    assert.match(registry.render(), /upstream_circuit_state\{upstream="catalog"\} 2/);

    const started = performance.now();
    await assert.rejects(client.fetch("/items"), CircuitOpenError);
    assert.ok(performance.now() - started < 20, "open breaker should fail fast");
    assert.equal(server.hits(), 5);
    assert.match(
      registry.render(),
      /upstream_requests_total\{upstream="catalog",method="GET",outcome="open"\} 1/,
    );

    await new Promise((r) => setTimeout(r, 200));
    assert.equal(client.state(), "half-open");
    assert.match(registry.render(), /upstream_circuit_state\{upstream="catalog"\} 1/);
    healthy = true;
    assert.equal(await (await client.fetch("/items")).text(), "ok");
    assert.equal(client.state(), "closed");
    assert.equal(server.hits(), 6);
  } finally {
    client.close();
  }
});

Deno.test("a failed probe in half-open reopens the breaker", async () => {
  await using server = serveLoopback(() => new Response("down", { status: 502 }));
  const client = createUpstream({
    name: "catalog",
    baseUrl: server.url,
    registry: new Registry(),
    retries: 0,
    breaker: { volumeThreshold: 2, resetTimeout: 50 },
  });
  try {
    for (let i = 0; i < 2; i++) await (await client.fetch("/")).body?.cancel();
    assert.equal(client.state(), "open");
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(client.state(), "half-open");
    await (await client.fetch("/")).body?.cancel();
    assert.equal(client.state(), "open");
    assert.equal(server.hits(), 3);
  } finally {
    client.close();
  }
});

Deno.test("retries stop at an open breaker instead of reaching the server", async () => {
  await using server = serveLoopback(() => new Response("down", { status: 503 }));
  const client = createUpstream({
    name: "catalog",
    baseUrl: server.url,
    registry: new Registry(),
    retries: 5,
    backoff: { baseMs: 1, maxMs: 2 },
    breaker: { volumeThreshold: 3 },
  });
  try {
    await assert.rejects(client.fetch("/"), CircuitOpenError);
    assert.equal(server.hits(), 3);
  } finally {
    client.close();
  }
});
