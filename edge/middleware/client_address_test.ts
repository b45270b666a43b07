import assert from "node:assert/strict";
import { Hono } from "hono";
import {
  clientAddress,
  type ClientAddressVariables,
  resolveClientAddress,
} from "./client_address.ts";

Deno.test("without trusted proxies the socket address wins over any x-forwarded-for", () => {
  assert.equal(resolveClientAddress("10.0.0.5", "1.2.3.4", 0), "10.0.0.5");
  assert.equal(resolveClientAddress("10.0.0.5", undefined, 0), "10.0.0.5");
});

Deno.test("behind n proxies the n-th address from the right is the client", () => {
  // client 9.9.9.9 sent a forged "1.1.1.1"; proxy P1 appended the client; the edge sees P1.
  assert.equal(resolveClientAddress("10.0.0.1", "1.1.1.1, 9.9.9.9", 1), "9.9.9.9");
  // Two proxies: P1 appended the client, P2 appended P1, the socket is P2.
  assert.equal(resolveClientAddress("10.0.0.2", "1.1.1.1, 9.9.9.9, 10.0.0.1", 2), "9.9.9.9");
  // Fewer entries than hops: the left-most is the best guess there is.
  assert.equal(resolveClientAddress("10.0.0.2", "9.9.9.9", 3), "9.9.9.9");
  assert.equal(resolveClientAddress("10.0.0.2", "[2001:db8::1]:443", 1), "2001:db8::1");
  assert.equal(resolveClientAddress("10.0.0.2", "not-an-address", 1), "10.0.0.2");
});

Deno.test("the middleware reads the socket, and forwarded headers only behind trusted proxies", async () => {
  const seen = async (hops: number) => {
    const app = new Hono<{ Variables: ClientAddressVariables }>();
    app.use(clientAddress({ trustProxyHops: hops }));
    app.get("/", (c) => c.json({ address: c.get("clientAddress"), proto: c.get("clientProto") }));
    const res = await app.request(
      "http://edge.test/",
      { headers: { "x-forwarded-for": "9.9.9.9", "x-forwarded-proto": "https" } },
      { remoteAddr: { transport: "tcp", hostname: "10.0.0.1", port: 1234 } },
    );
    return await res.json();
  };
  assert.deepEqual(await seen(0), { address: "10.0.0.1", proto: "http" });
  assert.deepEqual(await seen(1), { address: "9.9.9.9", proto: "https" });
});
