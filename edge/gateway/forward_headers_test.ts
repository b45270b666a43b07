import assert from "node:assert/strict";
import { clientResponseHeaders, upstreamRequestHeaders } from "./forward_headers.ts";

Deno.test("forged identity and forwarding headers never go upstream; the edge sets its own", () => {
  const incoming = new Headers({
    "authorization": "Bearer t",
    "x-marquee-user-id": "admin",
    "x-marquee-roles": "admin",
    "x-user-id": "admin",
    "x-forwarded-for": "1.2.3.4",
    "x-forwarded-host": "evil.test",
    "forwarded": "for=1.2.3.4",
    "x-real-ip": "1.2.3.4",
    "connection": "keep-alive, x-secret-hop",
    "x-secret-hop": "1",
    "te": "trailers",
    "x-request-id": "client-id",
    "accept": "application/json",
  });
  const out = upstreamRequestHeaders(incoming, {
    clientAddress: "127.0.0.1",
    proto: "https",
    host: "marquee.test",
  });
  assert.equal(out.get("authorization"), "Bearer t");
  assert.equal(out.get("accept"), "application/json");
  assert.equal(out.get("x-forwarded-for"), "127.0.0.1");
  assert.equal(out.get("x-forwarded-proto"), "https");
  assert.equal(out.get("x-forwarded-host"), "marquee.test");
  for (
    const name of [
      "x-marquee-user-id",
      "x-marquee-roles",
      "x-user-id",
      "forwarded",
      "x-real-ip",
      "connection",
      "x-secret-hop",
      "te",
      "x-request-id",
    ]
  ) {
    assert.equal(out.get(name), null, name);
  }
});

Deno.test("identity headers come only from a verified principal", () => {
  const out = upstreamRequestHeaders(new Headers({ "x-marquee-user-id": "forged" }), {
    clientAddress: "127.0.0.1",
    proto: "http",
    host: "localhost",
    principal: { userId: "u-1", roles: ["buyer", "creator"], expiresAt: new Date() },
  });
  assert.equal(out.get("x-marquee-user-id"), "u-1");
  assert.equal(out.get("x-marquee-roles"), "buyer,creator");
});

Deno.test("hop-by-hop headers and the upstream's trace span stay away from the client", () => {
  const out = clientResponseHeaders(
    new Headers({
      "content-type": "text/plain",
      "transfer-encoding": "chunked",
      "keep-alive": "timeout=5",
      "traceparent": "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01",
    }),
  );
  assert.deepEqual([...out.keys()], ["content-type"]);
});
