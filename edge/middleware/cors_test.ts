import assert from "node:assert/strict";
import { Hono } from "hono";
import { cors } from "./cors.ts";

const app = new Hono();
app.use(cors({ origins: ["https://shop.example"] }));
app.get("/x", (c) => c.text("ok"));

Deno.test("listed origins get credentials and their own origin back, never *", async () => {
  const res = await app.request("/x", { headers: { origin: "https://shop.example" } });
  assert.equal(res.headers.get("access-control-allow-origin"), "https://shop.example");
  assert.equal(res.headers.get("access-control-allow-credentials"), "true");
  assert.match(res.headers.get("access-control-expose-headers")!, /x-request-id/);
  assert.match(res.headers.get("vary")!, /Origin/);
  const other = await app.request("/x", { headers: { origin: "https://evil.example" } });
  assert.equal(other.headers.get("access-control-allow-origin"), null);
});

Deno.test("preflights name the allowed methods and headers, and the origin only when listed", async () => {
  const preflight = (origin: string) =>
    app.request("/x", {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "Authorization, Content-Type, X-Evil",
      },
    });
  const ok = await preflight("https://shop.example");
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get("access-control-allow-origin"), "https://shop.example");
  const allowed = ok.headers.get("access-control-allow-headers")!.split(",");
  assert.ok(allowed.includes("authorization") && allowed.includes("content-type"));
  assert.ok(!allowed.includes("x-evil"));
  assert.match(ok.headers.get("access-control-allow-methods")!, /POST/);
  assert.equal(ok.headers.get("access-control-max-age"), "600");
  const refused = await preflight("https://evil.example");
  assert.equal(refused.headers.get("access-control-allow-origin"), null);
});
