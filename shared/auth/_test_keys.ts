/**
 * Test fixtures: signing keys, tokens and a loopback JWKS server whose key set can be swapped.
 * @module
 */
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";

export const ISSUER = "https://users.marquee.test";
export const AUDIENCE = "marquee";

/** A signing key and its public JWK. */
export interface TestKey {
  kid: string;
  alg: "EdDSA" | "ES256";
  privateKey: CryptoKey;
  jwk: JWK;
}

/** Generates a key pair and its public JWK. */
export async function makeKey(kid: string, alg: TestKey["alg"] = "EdDSA"): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...await exportJWK(publicKey), kid, alg, use: "sig" };
  return { kid, alg, privateKey, jwk };
}

/** Options of `signToken`. */
export interface TokenOptions {
  claims?: JWTPayload;
  issuer?: string;
  audience?: string;
  /** Expiry relative to now, in seconds; negative for an expired token. */
  expiresInSec?: number;
}

/** Signs an access token for user `u-1` with the buyer role unless overridden. */
export function signToken(key: TestKey, options: TokenOptions = {}): Promise<string> {
  const { claims = {}, issuer = ISSUER, audience = AUDIENCE, expiresInSec = 300 } = options;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: "u-1", roles: ["buyer"], ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSec)
    .sign(key.privateKey);
}

/** Base64url of a JSON value, for hand-crafted tokens. */
export function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A running JWKS server. */
export interface JwksServer extends AsyncDisposable {
  url: string;
  /** Replaces the published keys. */
  publish(keys: TestKey[]): void;
  /** Key set fetches so far. */
  fetches(): number;
}

/** Serves `/.well-known/jwks.json` on 127.0.0.1. */
export function serveJwks(keys: TestKey[]): JwksServer {
  let published = keys;
  let fetches = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    if (new URL(req.url).pathname !== "/.well-known/jwks.json") {
      return new Response("Not found", { status: 404 });
    }
    fetches++;
    return Response.json({ keys: published.map((k) => k.jwk) });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/.well-known/jwks.json`,
    publish: (next) => void (published = next),
    fetches: () => fetches,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}
