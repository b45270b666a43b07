import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { AUDIENCE, b64url, ISSUER, makeKey, serveJwks, signToken } from "./_test_keys.ts";
import { AuthError, type AuthErrorReason } from "./errors.ts";
import { createVerifier, type Verifier } from "./verifier.ts";

const keyA = await makeKey("key-a");
const keyB = await makeKey("key-b");
/** A verifier of keyA's tokens, with `options` on top. */
const verifierOfKeyA = (options: { clockToleranceSec?: number; remember?: number } = {}) =>
  createVerifier({ jwks: { keys: [keyA.jwk] }, issuer: ISSUER, audience: AUDIENCE, ...options });
const localVerifier = verifierOfKeyA();

async function refused(verifier: Verifier, token: string | undefined, reason: AuthErrorReason) {
  const error = await verifier.verify(token).then(() => undefined, (e) => e);
  assert.ok(error instanceof AuthError, `expected AuthError, got ${error}`);
  assert.equal(error.reason, reason);
}

Deno.test("a valid token yields the principal with known roles only", async () => {
  const token = await signToken(keyA, {
    claims: { roles: ["creator", "superuser", "buyer", "buyer"], email: "a@b.test", jti: "t-1" },
  });
  const principal = await localVerifier.verify(token);
  assert.equal(principal.userId, "u-1");
  assert.deepEqual(principal.roles, ["creator", "buyer"]);
  assert.equal(principal.email, "a@b.test");
  assert.equal(principal.tokenId, "t-1");
  assert.equal(principal.name, undefined);
  assert.ok(principal.expiresAt.getTime() > Date.now());
});

Deno.test("ES256 tokens are accepted too", async () => {
  const key = await makeKey("key-es", "ES256");
  const verifier = createVerifier({
    jwks: { keys: [key.jwk] },
    issuer: ISSUER,
    audience: AUDIENCE,
  });
  assert.equal((await verifier.verify(await signToken(key))).userId, "u-1");
});

Deno.test("a remote key set survives rotation and refuses keys it never published", async () => {
  await using jwks = serveJwks([keyA]);
  const verifier = createVerifier({
    jwksUrl: jwks.url,
    issuer: ISSUER,
    audience: AUDIENCE,
    cooldownMs: 0,
  });
  await verifier.verify(await signToken(keyA));
  await verifier.verify(await signToken(keyA));
  assert.equal(jwks.fetches(), 1, "keys are cached");

  jwks.publish([keyA, keyB]);
  assert.equal((await verifier.verify(await signToken(keyB))).userId, "u-1");
  assert.equal(jwks.fetches(), 2, "an unknown kid triggers one refetch");
  await verifier.verify(await signToken(keyA));

  const never = await makeKey("key-never-published");
  await refused(verifier, await signToken(never), "unknown_key");
});

Deno.test("a token signed by another key under a published kid has an invalid signature", async () => {
  const impostor = { ...await makeKey("x"), kid: keyA.kid };
  await refused(localVerifier, await signToken(impostor), "invalid_signature");
});

Deno.test("expired tokens are refused, within the clock tolerance they pass", async () => {
  await refused(localVerifier, await signToken(keyA, { expiresInSec: -60 }), "expired");
  await localVerifier.verify(await signToken(keyA, { expiresInSec: -2 }));
});

Deno.test("wrong audience and wrong issuer are refused", async () => {
  await refused(localVerifier, await signToken(keyA, { audience: "other" }), "wrong_audience");
  await refused(
    localVerifier,
    await signToken(keyA, { issuer: "https://evil.test" }),
    "wrong_issuer",
  );
});

Deno.test("an alg none token is refused", async () => {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub: "u-1", roles: ["admin"], iss: ISSUER, aud: AUDIENCE, exp: now + 300 };
  const token = `${b64url({ alg: "none", kid: keyA.kid })}.${b64url(payload)}.`;
  await refused(localVerifier, token, "invalid_signature");
});

Deno.test("an HS256 token is refused", async () => {
  const token = await new SignJWT({ sub: "u-1", roles: ["admin"] })
    .setProtectedHeader({ alg: "HS256", kid: keyA.kid })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode("a-shared-secret-of-at-least-32-bytes!"));
  await refused(localVerifier, token, "invalid_signature");
});

Deno.test("missing, garbage and malformed tokens are refused", async () => {
  await refused(localVerifier, undefined, "missing");
  await refused(localVerifier, "", "missing");
  await refused(localVerifier, "garbage", "malformed");
  await refused(localVerifier, "a.b.c", "malformed");
});

Deno.test("tokens without roles or subject have bad claims", async () => {
  await refused(localVerifier, await signToken(keyA, { claims: { roles: "admin" } }), "bad_claims");
  await refused(localVerifier, await signToken(keyA, { claims: { sub: undefined } }), "bad_claims");
});

Deno.test("an unreachable key set is an error, not a refused token", async () => {
  const jwks = serveJwks([keyA]);
  const url = jwks.url;
  await jwks[Symbol.asyncDispose]();
  const verifier = createVerifier({ jwksUrl: url, issuer: ISSUER, audience: AUDIENCE });
  const error = await verifier.verify(await signToken(keyA)).then(() => undefined, (e) => e);
  assert.ok(error instanceof Error);
  assert.ok(!(error instanceof AuthError));
});

Deno.test("a verified token is remembered, frozen, and forgotten once it expires", async () => {
  const verifier = verifierOfKeyA({ clockToleranceSec: 0 });
  const token = await signToken(keyA, { expiresInSec: 1 });
  const first = await verifier.verify(token);
  assert.equal(await verifier.verify(token), first, "the second check is answered from memory");
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.roles));
  await new Promise((resolve) => setTimeout(resolve, first.expiresAt.getTime() - Date.now() + 50));
  await refused(verifier, token, "expired");
});

Deno.test("only the exact bytes verified are remembered; a changed signature is checked", async () => {
  const token = await signToken(keyA);
  await localVerifier.verify(token);
  const [head, body, signature] = token.split(".");
  const flipped = signature!.startsWith("A")
    ? "B" + signature!.slice(1)
    : "A" + signature!.slice(1);
  await refused(localVerifier, `${head}.${body}.${flipped}`, "invalid_signature");
});

Deno.test("with memory off every check verifies afresh", async () => {
  const verifier = verifierOfKeyA({ remember: 0 });
  const token = await signToken(keyA);
  assert.notEqual(await verifier.verify(token), await verifier.verify(token));
});
