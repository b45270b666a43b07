import assert from "node:assert/strict";
import { createRedisCache } from "./redis_cache.ts";

// No server is needed: these cover a server that cannot be reached.
Deno.test("redis cache fails calls within the command timeout when the server is down", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close(); // a port that refuses connections
  const cache = createRedisCache({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 300 });
  const started = Date.now();
  await assert.rejects(() => cache.get("k"));
  assert.ok(Date.now() - started < 2000, "the call must not hang");
  await cache.close();
});

Deno.test("redis cache closes cleanly when it was never used", async () => {
  const cache = createRedisCache({ url: "redis://127.0.0.1:1" });
  await cache.close();
  await assert.rejects(() => cache.ping(), { message: "Cache is closed" });
});
