import assert from "node:assert/strict";
import { Hono } from "hono";
import { AUDIENCE, ISSUER, makeKey, signToken } from "./_test_keys.ts";
import { optionalAuth } from "./optional_auth.ts";
import type { OptionalAuthVariables } from "./variables.ts";
import { createVerifier } from "./verifier.ts";

const key = await makeKey("key-a");
const verifier = createVerifier({ jwks: { keys: [key.jwk] }, issuer: ISSUER, audience: AUDIENCE });
const app = new Hono<{ Variables: OptionalAuthVariables }>()
  .use(optionalAuth({ verifier }))
  .get("/feed", (c) => c.json({ user: c.get("principal")?.userId ?? null }));

Deno.test("optionalAuth lets anonymous requests through", async () => {
  const res = await app.request("/feed");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { user: null });
});

Deno.test("optionalAuth sets the principal when a valid token is sent", async () => {
  const res = await app.request("/feed", {
    headers: { authorization: `Bearer ${await signToken(key)}` },
  });
  assert.deepEqual(await res.json(), { user: "u-1" });
});

Deno.test("optionalAuth still answers 401 for a token that is refused", async () => {
  const res = await app.request("/feed", {
    headers: { authorization: `Bearer ${await signToken(key, { audience: "other" })}` },
  });
  assert.equal(res.status, 401);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.match(res.headers.get("www-authenticate")!, /^Bearer error="invalid_token"/);
  assert.equal((await res.json()).detail, "Access token is not meant for this service");
});
