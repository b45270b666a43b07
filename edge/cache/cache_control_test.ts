import assert from "node:assert/strict";
import { bypassReason, parseCacheControl, storableLifetime } from "./cache_control.ts";

const res = (headers: Record<string, string>, status = 200) =>
  new Response("x", { status, headers });

Deno.test("parseCacheControl reads the directives the edge acts on", () => {
  assert.deepEqual(parseCacheControl("public, s-maxage=60, stale-while-revalidate=30, max-age=5"), {
    public: true,
    private: false,
    noStore: false,
    noCache: false,
    sMaxage: 60,
    maxAge: 5,
    staleWhileRevalidate: 30,
  });
  assert.equal(parseCacheControl(null).public, false);
});

Deno.test("only public responses with s-maxage and nothing personal are stored", () => {
  assert.deepEqual(storableLifetime(res({ "cache-control": "public, s-maxage=60" })), {
    freshSec: 60,
    staleSec: 0,
  });
  assert.equal(storableLifetime(res({ "cache-control": "public, max-age=60" })), undefined);
  assert.equal(storableLifetime(res({ "cache-control": "private, s-maxage=60" })), undefined);
  assert.equal(
    storableLifetime(res({ "cache-control": "public, s-maxage=60, no-store" })),
    undefined,
  );
  assert.equal(storableLifetime(res({ "cache-control": "public, s-maxage=60" }, 404)), undefined);
  assert.equal(
    storableLifetime(res({ "cache-control": "public, s-maxage=60", "set-cookie": "a=b" })),
    undefined,
  );
  assert.equal(
    storableLifetime(res({ "cache-control": "public, s-maxage=60", "vary": "Cookie" })),
    undefined,
  );
  assert.ok(
    storableLifetime(res({ "cache-control": "public, s-maxage=60", "vary": "Accept-Encoding" })),
  );
});

Deno.test("requests with credentials or on personal paths bypass the cache", () => {
  const get = (path: string, headers: Record<string, string> = {}) =>
    bypassReason(new Request(`http://e.test${path}`, { headers }), path);
  assert.equal(get("/api/products"), undefined);
  assert.equal(get("/"), undefined);
  assert.equal(get("/api/products", { authorization: "Bearer x" }), "authorization");
  assert.equal(get("/api/me"), "path");
  assert.equal(get("/api/auth/login"), "path");
  assert.equal(get("/blobs/a"), "path");
  assert.equal(get("/", { cookie: "a=1; marquee_refresh=x" }), "session");
  assert.equal(
    bypassReason(new Request("http://e.test/api/products", { method: "POST" }), "/api/products"),
    "method",
  );
});
