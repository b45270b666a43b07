import assert from "node:assert/strict";
import { Hono } from "hono";
import { clientAddress } from "./_client_address.ts";

function appFor(trustProxy: boolean) {
  const app = new Hono();
  app.get("/", (c) => c.text(clientAddress(c, { trustProxy })));
  return app;
}

const socket = { remoteAddr: { hostname: "192.0.2.10", port: 5000, transport: "tcp" } };
const forwarded = { headers: { "x-forwarded-for": "203.0.113.5, 10.0.0.1" } };

Deno.test("the socket address is used when no proxy is trusted", async () => {
  const res = await appFor(false).request("/", forwarded, socket);
  assert.equal(await res.text(), "192.0.2.10");
});

Deno.test("behind a trusted proxy the first forwarded hop is the client", async () => {
  const res = await appFor(true).request("/", forwarded, socket);
  assert.equal(await res.text(), "203.0.113.5");
});

Deno.test("a trusted proxy that sends no header falls back to the socket", async () => {
  const res = await appFor(true).request("/", {}, socket);
  assert.equal(await res.text(), "192.0.2.10");
});

Deno.test("without a socket address the client is unknown", async () => {
  const res = await appFor(false).request("/");
  assert.equal(await res.text(), "unknown");
});
