import assert from "node:assert/strict";
import { Hono } from "hono";
import { securityHeaders } from "./security_headers.ts";

const appFor = (publicUrl: string) => {
  const app = new Hono();
  app.use(securityHeaders({ publicUrl }));
  app.get("/", (c) => c.text("ok"));
  return app;
};

Deno.test("every response says nosniff, the referrer policy and the permissions policy", async () => {
  const res = await appFor("http://localhost:8000").request("http://localhost:8000/");
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.equal(res.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
  assert.match(res.headers.get("permissions-policy")!, /camera=\(self\), microphone=\(self\)/);
  assert.equal(res.headers.get("strict-transport-security"), null);
});

Deno.test("HSTS only over https or behind an https public URL", async () => {
  const hsts = "max-age=63072000; includeSubDomains";
  const direct = await appFor("http://localhost:8000").request("https://marquee.example/");
  assert.equal(direct.headers.get("strict-transport-security"), hsts);
  const proxied = await appFor("https://marquee.example").request("http://10.0.0.1:8000/");
  assert.equal(proxied.headers.get("strict-transport-security"), hsts);
});
