import assert from "node:assert/strict";
import { Hono } from "hono";
import { AUDIENCE, ISSUER, makeKey, signToken } from "./_test_keys.ts";
import { requireAuth } from "./require_auth.ts";
import type { AuthVariables } from "./variables.ts";
import { createVerifier } from "./verifier.ts";

const key = await makeKey("key-a");
const verifier = createVerifier({ jwks: { keys: [key.jwk] }, issuer: ISSUER, audience: AUDIENCE });
const app = new Hono<{ Variables: AuthVariables }>()
  .use(requireAuth({ verifier }))
  .get("/me", (c) => c.json(c.get("principal")));

async function problem(res: Response) {
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  return await res.json();
}

Deno.test("requireAuth sets the principal from a valid bearer token", async () => {
  const res = await app.request("/me", {
    headers: { authorization: `Bearer ${await signToken(key)}` },
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.userId, "u-1");
  assert.deepEqual(body.roles, ["buyer"]);
});

Deno.test("requireAuth answers 401 with a bare challenge when no token is sent", async () => {
  for (const headers of [{}, { authorization: "Basic dTpw" }] as Record<string, string>[]) {
    const res = await app.request("/me", { headers });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get("www-authenticate"), "Bearer");
    assert.deepEqual(await problem(res), {
      type: "about:blank",
      title: "Unauthorized",
      status: 401,
      detail: "Access token is missing",
    });
  }
});

Deno.test("requireAuth answers 401 invalid_token naming only the reason", async () => {
  const expired = await signToken(key, { expiresInSec: -60 });
  const res = await app.request("/me", { headers: { authorization: `Bearer ${expired}` } });
  assert.equal(res.status, 401);
  assert.equal(
    res.headers.get("www-authenticate"),
    'Bearer error="invalid_token", error_description="Access token has expired"',
  );
  assert.deepEqual(await problem(res), {
    type: "about:blank",
    title: "Unauthorized",
    status: 401,
    detail: "Access token has expired",
  });
});

Deno.test("requireAuth refuses a Bearer header without a token and garbage tokens", async () => {
  for (const authorization of ["Bearer", "Bearer   ", "Bearer a b", "bearer garbage"]) {
    const res = await app.request("/me", { headers: { authorization } });
    assert.equal(res.status, 401, authorization);
    assert.equal((await problem(res)).detail, "Access token is malformed");
  }
});
