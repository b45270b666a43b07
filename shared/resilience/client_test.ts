import assert from "node:assert/strict";
import { withLogContext } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { createUpstream, type UpstreamOptions } from "./client.ts";
import { BulkheadRejectedError, UpstreamStatusError, UpstreamTimeoutError } from "./errors.ts";
import { serveLoopback, stall } from "./_test_server.ts";

const FAST = { backoff: { baseMs: 1, maxMs: 20 } };

function upstream(url: string, options: Partial<UpstreamOptions> = {}) {
  const registry = new Registry();
  const client = createUpstream({ name: "users", baseUrl: url, registry, ...FAST, ...options });
  return { client, registry };
}

Deno.test("a timed-out attempt is retried and the retry succeeds", async () => {
  await using server = serveLoopback(async (_req, hit, closing) => {
    if (hit === 1) await stall(closing, 2000);
    return new Response("ok");
  });
  const { client, registry } = upstream(server.url, { timeoutMs: 100 });
  try {
    const res = await client.fetch("/slow");
    assert.equal(await res.text(), "ok");
    assert.equal(server.hits(), 2);
    const text = registry.render();
    assert.match(
      text,
      /upstream_requests_total\{upstream="users",method="GET",outcome="timeout"\} 1/,
    );
    assert.match(
      text,
      /upstream_requests_total\{upstream="users",method="GET",outcome="success"\} 1/,
    );
    assert.match(text, /upstream_retries_total\{upstream="users"\} 1/);
  } finally {
    client.close();
  }
});

Deno.test("when every attempt times out the call throws UpstreamTimeoutError", async () => {
  await using server = serveLoopback(async (_req, _hit, closing) => {
    await stall(closing, 2000);
    return new Response("late");
  });
  const { client } = upstream(server.url, { timeoutMs: 50, retries: 1 });
  try {
    await assert.rejects(client.fetch("/"), UpstreamTimeoutError);
    assert.equal(server.hits(), 2);
  } finally {
    client.close();
  }
});

Deno.test("a POST without Idempotency-Key is not retried", async () => {
  await using server = serveLoopback(() => new Response("busy", { status: 503 }));
  const { client } = upstream(server.url);
  try {
    const res = await client.fetch("/orders", { method: "POST", body: "{}" });
    assert.equal(res.status, 503);
    await res.body?.cancel();
    assert.equal(server.hits(), 1);
  } finally {
    client.close();
  }
});

Deno.test("a POST with Idempotency-Key is retried with its body", async () => {
  const bodies: string[] = [];
  await using server = serveLoopback(async (req, hit) => {
    bodies.push(await req.text());
    return hit < 3 ? new Response("busy", { status: 503 }) : Response.json({ id: "o-1" });
  });
  const { client } = upstream(server.url);
  try {
    const order = await client.json<{ id: string }>("/orders", {
      method: "POST",
      headers: { "Idempotency-Key": "k-1" },
      body: '{"sku":"a"}',
    });
    assert.deepEqual(order, { id: "o-1" });
    assert.deepEqual(bodies, ['{"sku":"a"}', '{"sku":"a"}', '{"sku":"a"}']);
  } finally {
    client.close();
  }
});

Deno.test("a 404 is returned at once and never opens the breaker", async () => {
  await using server = serveLoopback(() => new Response("nope", { status: 404 }));
  const { client } = upstream(server.url, { breaker: { volumeThreshold: 2 } });
  try {
    for (let i = 0; i < 6; i++) {
      const res = await client.fetch(`/users/${i}`);
      assert.equal(res.status, 404);
      await res.body?.cancel();
    }
    assert.equal(server.hits(), 6);
    assert.equal(client.state(), "closed");
  } finally {
    client.close();
  }
});

Deno.test("a 429 is retried after Retry-After, capped at maxMs", async () => {
  await using server = serveLoopback((_req, hit) =>
    hit === 1
      ? new Response("slow down", { status: 429, headers: { "retry-after": "30" } })
      : new Response("ok")
  );
  const { client } = upstream(server.url, { backoff: { baseMs: 1, maxMs: 30 } });
  try {
    const started = performance.now();
    assert.equal(await (await client.fetch("/")).text(), "ok");
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 25 && elapsed < 1000, `waited ${elapsed} ms`);
    assert.equal(server.hits(), 2);
  } finally {
    client.close();
  }
});

Deno.test("a refused connection is retried and then rethrown", async () => {
  const closed = serveLoopback(() => new Response("ok"));
  const url = closed.url;
  await closed[Symbol.asyncDispose]();
  const { client, registry } = upstream(url);
  try {
    await assert.rejects(client.fetch("/"), TypeError);
    assert.match(registry.render(), /upstream_retries_total\{upstream="users"\} 2/);
  } finally {
    client.close();
  }
});

Deno.test("json throws UpstreamStatusError carrying the problem body", async () => {
  await using server = serveLoopback(() =>
    Response.json({ title: "Conflict", status: 409 }, { status: 409 })
  );
  const { client } = upstream(server.url);
  try {
    const error = await client.json("/").catch((e) => e);
    assert.ok(error instanceof UpstreamStatusError);
    assert.equal(error.status, 409);
    assert.deepEqual(error.body, { title: "Conflict", status: 409 });
  } finally {
    client.close();
  }
});

Deno.test("the bulkhead caps requests in flight and refuses calls past the queue", async () => {
  const gate = Promise.withResolvers<void>();
  let inFlight = 0;
  let peak = 0;
  await using server = serveLoopback(async () => {
    peak = Math.max(peak, ++inFlight);
    await gate.promise;
    inFlight--;
    return new Response("ok");
  });
  const { client, registry } = upstream(server.url, { maxConcurrent: 2, maxQueue: 1 });
  try {
    const calls = [client.fetch("/a"), client.fetch("/b"), client.fetch("/c")];
    await assert.rejects(client.fetch("/d"), BulkheadRejectedError);
    const text = registry.render();
    assert.match(text, /upstream_bulkhead_active\{upstream="users"\} 2/);
    assert.match(text, /upstream_bulkhead_queued\{upstream="users"\} 1/);
    assert.match(text, /upstream_bulkhead_rejected_total\{upstream="users"\} 1/);
    assert.match(
      text,
      /upstream_requests_total\{upstream="users",method="GET",outcome="rejected"\} 1/,
    );
    while (inFlight < 2) await new Promise((r) => setTimeout(r, 5));
    gate.resolve();
    for (const res of await Promise.all(calls)) assert.equal(await res.text(), "ok");
    assert.equal(peak, 2);
    assert.equal(server.hits(), 3);
  } finally {
    client.close();
  }
});

Deno.test("request id and traceparent are propagated from the log context", async () => {
  await using server = serveLoopback((req) =>
    Response.json({
      requestId: req.headers.get("x-request-id"),
      traceparent: req.headers.get("traceparent"),
    })
  );
  const { client } = upstream(server.url);
  try {
    const trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const seen = await withLogContext(
      { requestId: "req-42", traceId: trace, spanId: "00f067aa0ba902b7" },
      () => client.json<{ requestId: string; traceparent: string }>("/echo"),
    );
    assert.equal(seen.requestId, "req-42");
    assert.match(seen.traceparent, new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`));
    assert.ok(!seen.traceparent.includes("00f067aa0ba902b7"));
  } finally {
    client.close();
  }
});

Deno.test("metrics text contains every upstream series", async () => {
  await using server = serveLoopback(() => new Response("ok"));
  const { client, registry } = upstream(server.url);
  try {
    await (await client.fetch("/")).text();
    const text = registry.render();
    for (
      const line of [
        'upstream_requests_total{upstream="users",method="GET",outcome="success"} 1',
        'upstream_request_duration_seconds_count{upstream="users",method="GET"} 1',
        'upstream_circuit_state{upstream="users"} 0',
        'upstream_bulkhead_active{upstream="users"} 0',
        'upstream_bulkhead_queued{upstream="users"} 0',
        "# TYPE upstream_retries_total counter",
        "# TYPE upstream_bulkhead_rejected_total counter",
      ]
    ) assert.ok(text.includes(line), `missing ${line}`);
  } finally {
    client.close();
  }
});

Deno.test("a caller's abort is not retried and the client refuses calls after close", async () => {
  await using server = serveLoopback(async (_req, _hit, closing) => {
    await stall(closing, 2000);
    return new Response("late");
  });
  const { client } = upstream(server.url);
  const controller = new AbortController();
  const call = client.fetch("/", { signal: controller.signal });
  setTimeout(() => controller.abort(), 30);
  await assert.rejects(call, { name: "AbortError" });
  assert.equal(server.hits(), 1);
  client.close();
  await assert.rejects(client.fetch("/"), /Upstream "users" is closed/);
});

Deno.test("each attempt goes to the transport with a list of headers", async () => {
  const seen: RequestInit[] = [];
  const headers: Array<[string, string]> = [["accept", "text/plain"]];
  const { client } = upstream("http://users.invalid", {
    transport: (_url, init) => {
      seen.push(init);
      return Promise.resolve(new Response("ok"));
    },
  });
  try {
    await withLogContext({ requestId: "req-9" }, () => client.fetch("/", { headers }));
    assert.deepEqual(seen[0]?.headers, [["accept", "text/plain"], ["x-request-id", "req-9"]]);
    assert.deepEqual(headers, [["accept", "text/plain"]], "the caller's list is left as it was");
  } finally {
    client.close();
  }
});
