import assert from "node:assert/strict";
import { assertRouteTable, matchRoute, ROUTES } from "./route_table.ts";

const upstreams = Object.fromEntries(
  [
    "users",
    "catalog",
    "orders",
    "payments",
    "subscriptions",
    "notifications",
    "streaming",
    "media-webrtc",
    "media-hls",
  ].map((name, i) => [
    name,
    `http://127.0.0.1:${i + 1}`,
  ]),
);

Deno.test("matchRoute matches on segment boundaries and prefers the longest prefix", () => {
  assert.equal(matchRoute(ROUTES, "/api/me")?.upstream, "users");
  assert.equal(matchRoute(ROUTES, "/api/me/sessions")?.prefix, "/api/me");
  assert.equal(matchRoute(ROUTES, "/api/meat"), undefined);
  assert.equal(matchRoute(ROUTES, "/api/products/abc")?.auth, "optional");
  assert.equal(matchRoute(ROUTES, "/api/auth/login")?.limit, "auth");
  assert.equal(matchRoute(ROUTES, "/.well-known/jwks.json")?.upstream, "users");
  assert.equal(matchRoute(ROUTES, "/api/creators/c1")?.upstream, "catalog");
  assert.equal(matchRoute(ROUTES, "/api/creators/c1/follow")?.upstream, "streaming");
  assert.equal(matchRoute(ROUTES, "/api/creators/c1/followers")?.upstream, "streaming");
  assert.equal(matchRoute(ROUTES, "/api/creators//follow")?.upstream, "catalog");
  assert.equal(matchRoute(ROUTES, "/media/hls/live/x/index.m3u8")?.media, "hls");
  assert.equal(matchRoute(ROUTES, "/media/webrtc/live/x/whep")?.upstream, "media-webrtc");
  assert.equal(matchRoute(ROUTES, "/api/streams/s1/events")?.stream, true);
  assert.equal(matchRoute(ROUTES, "/api/streams/s1")?.stream, undefined);
  assert.equal(matchRoute(ROUTES, "/api/admin/streams/s1/takedown")?.upstream, "streaming");
  assert.equal(matchRoute(ROUTES, "/api/admin/users")?.upstream, "users");
  const nested = [...ROUTES, {
    prefix: "/api/products/x",
    upstream: "users",
    auth: "none" as const,
    limit: "default" as const,
  }];
  assert.equal(matchRoute(nested, "/api/products/x/1")?.upstream, "users");
});

Deno.test("the route table never reaches internal prefixes", () => {
  assertRouteTable(ROUTES, upstreams);
  assert.equal(matchRoute(ROUTES, "/api/inventory"), undefined);
  assert.equal(matchRoute(ROUTES, "/api/inventory/reserve"), undefined);
  for (const prefix of ["/api/inventory", "/api", "/api/inventory/x", "/internal/jobs"]) {
    assert.throws(
      () =>
        assertRouteTable(
          [{ prefix, upstream: "users", auth: "none", limit: "default" }],
          upstreams,
        ),
      /internal prefix/,
    );
  }
});

Deno.test("assertRouteTable refuses unknown upstreams, duplicates and malformed prefixes", () => {
  const entry = {
    prefix: "/api/x",
    upstream: "users",
    auth: "none" as const,
    limit: "default" as const,
  };
  assert.throws(
    () => assertRouteTable([{ ...entry, upstream: "nope" }], upstreams),
    /unknown upstream/,
  );
  assert.throws(() => assertRouteTable([entry, entry], upstreams), /listed twice/);
  assert.throws(() => assertRouteTable([{ ...entry, prefix: "/api/x/" }], upstreams), /must start/);
  assert.throws(() => assertRouteTable([{ ...entry, prefix: "api" }], upstreams), /must start/);
});
