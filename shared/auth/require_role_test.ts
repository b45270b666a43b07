import assert from "node:assert/strict";
import { Hono } from "hono";
import { AUDIENCE, ISSUER, makeKey, signToken } from "./_test_keys.ts";
import { optionalAuth } from "./optional_auth.ts";
import { requireAuth } from "./require_auth.ts";
import { requireRole } from "./require_role.ts";
import type { Role } from "./roles.ts";
import type { AuthVariables } from "./variables.ts";
import { createVerifier } from "./verifier.ts";

const key = await makeKey("key-a");
const verifier = createVerifier({ jwks: { keys: [key.jwk] }, issuer: ISSUER, audience: AUDIENCE });
const app = new Hono<{ Variables: AuthVariables }>()
  .use(requireAuth({ verifier }))
  .delete("/items/:id", requireRole("moderator", "admin"), (c) => c.body(null, 204))
  .post("/studio", requireRole("creator"), (c) => c.text(c.get("principal").userId));

async function as(roles: Role[], method: string, path: string) {
  const token = await signToken(key, { claims: { roles } });
  return app.request(path, { method, headers: { authorization: `Bearer ${token}` } });
}

Deno.test("requireRole passes a principal holding any listed role", async () => {
  assert.equal((await as(["buyer", "moderator"], "DELETE", "/items/1")).status, 204);
  assert.equal((await as(["admin"], "DELETE", "/items/1")).status, 204);
  const res = await as(["creator"], "POST", "/studio");
  assert.equal(await res.text(), "u-1");
});

Deno.test("requireRole answers 403 problem+json, and admin is not implied", async () => {
  for (const roles of [["buyer"], ["admin"], []] as Role[][]) {
    const res = await as(roles, "POST", "/studio");
    assert.equal(res.status, 403);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.equal(res.headers.get("www-authenticate"), 'Bearer error="insufficient_scope"');
    assert.deepEqual(await res.json(), {
      type: "about:blank",
      title: "Forbidden",
      status: 403,
      detail: 'Requires one of the roles "creator"',
    });
  }
});

Deno.test("requireRole answers 401 when no principal was set", async () => {
  const open = new Hono()
    .use(optionalAuth({ verifier }))
    .get("/admin", requireRole("admin"), (c) => c.text("secret"));
  const res = await open.request("/admin");
  assert.equal(res.status, 401);
  assert.equal((await res.json()).detail, "Access token is missing");
});
