import assert from "node:assert/strict";
import { Hono } from "hono";
import { HSTS, securityHeaders } from "./security_headers.ts";

const appFor = (publicUrl: string, clientProto?: string) => {
  const app = new Hono<{ Variables: { clientProto?: string } }>();
  app.use(async (c, next) => {
    if (clientProto) c.set("clientProto", clientProto);
    await next();
  });
  app.use(securityHeaders({ publicUrl }));
  app.get("/", (c) => c.text("ok"));
  return app;
};

Deno.test("every response says nosniff, the referrer policy and the permissions policy", async () => {
  const res = await appFor("http://localhost:8000").request("http://localhost:8000/");
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.equal(res.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
  assert.equal(res.headers.get("x-frame-options"), "DENY");
  assert.match(res.headers.get("permissions-policy")!, /camera=\(self\), microphone=\(self\)/);
  assert.match(res.headers.get("permissions-policy")!, /geolocation=\(\)/);
  assert.equal(res.headers.get("strict-transport-security"), null);
  assert.equal(res.headers.get("x-xss-protection"), null, "no headers for browsers long gone");
});

Deno.test("HSTS only over https, behind an https public URL or a trusted proxy's https", async () => {
  const direct = await appFor("http://localhost:8000").request("https://marquee.example/");
  assert.equal(direct.headers.get("strict-transport-security"), HSTS);
  const proxied = await appFor("https://marquee.example").request("http://10.0.0.1:8000/");
  assert.equal(proxied.headers.get("strict-transport-security"), HSTS);
  const forwarded = await appFor("http://localhost:8000", "https").request("http://10.0.0.1/");
  assert.equal(forwarded.headers.get("strict-transport-security"), HSTS);
});
