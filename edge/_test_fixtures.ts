/**
 * Test fixtures of the edge: signing keys and tokens, a JWKS server, upstream stand-ins
 * that record what reached them, and a running edge on a free loopback port.
 * @module
 */
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";
import { loadConfig } from "@marquee/config";
import { createLogger, type Logger } from "@marquee/log";
import { createEdgeApp, type EdgeApp, type EdgeAppOptions } from "./app.ts";
import { EdgeEnv } from "./config.ts";

/** Issuer and audience the edge expects by default. */
export const ISSUER = "http://localhost:8000";
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
  return { kid, alg, privateKey, jwk: { ...await exportJWK(publicKey), kid, alg, use: "sig" } };
}

/** Options of {@linkcode signToken}. */
export interface TokenOptions {
  sub?: string;
  roles?: string[];
  claims?: JWTPayload;
  issuer?: string;
  audience?: string;
  /** Expiry relative to now in seconds; negative for an expired token. */
  expiresInSec?: number;
}

/** Signs an access token like the users service does. */
export function signToken(key: TestKey, options: TokenOptions = {}): Promise<string> {
  const { sub = "u-1", roles = ["buyer"], issuer = ISSUER, audience = AUDIENCE } = options;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub, roles, ...options.claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSec ?? 300))
    .sign(key.privateKey);
}

/** Base64url of a JSON value, for hand-made tokens. */
export function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** What an upstream stand-in saw of one request. */
export interface Seen {
  method: string;
  path: string;
  headers: Headers;
  body: string;
}

/** A running upstream stand-in. */
export interface Upstream extends AsyncDisposable {
  url: string;
  /** Requests received, in order. */
  seen: Seen[];
}

/** Serves `handler` on a free loopback port, recording every request (body read first). */
export function serveUpstream(
  handler: (req: Request, seen: Seen) => Response | Promise<Response> = () => new Response("ok"),
): Upstream {
  const seen: Seen[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const entry: Seen = {
      method: req.method,
      path: url.pathname + url.search,
      headers: req.headers,
      // A body the client abandons half-way (as the edge does past a limit) reads as "".
      body: req.headers.get("upgrade") ? "" : await req.text().catch(() => ""),
    };
    seen.push(entry);
    return handler(req, entry);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    seen,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** Serves `/.well-known/jwks.json` with `keys`. */
export function serveJwks(keys: TestKey[]): Upstream {
  return serveUpstream((req) =>
    new URL(req.url).pathname === "/.well-known/jwks.json"
      ? Response.json({ keys: keys.map((k) => k.jwk) })
      : new Response("Not found", { status: 404 })
  );
}

/** A running edge. */
export interface RunningEdge extends AsyncDisposable {
  url: string;
  app: EdgeApp;
  /** Log lines written, parsed. */
  logs: Array<Record<string, unknown>>;
}

/** A logger keeping lines in `logs`. */
export function memoryLogger(logs: Array<Record<string, unknown>>): Logger {
  return createLogger({
    service: "edge",
    level: "debug",
    sink: (line) => logs.push(JSON.parse(line)),
  });
}

/**
 * Starts an edge on a free port with `env` over test defaults (a cache of its own, quick
 * breakers); `options` are passed to `createEdgeApp`. Disposing it stops it and drops its cache.
 */
export async function startEdge(
  env: Record<string, string>,
  options: Omit<EdgeAppOptions, "config"> = {},
): Promise<RunningEdge> {
  const cacheName = `edge-test-${crypto.randomUUID()}`;
  const config = loadConfig(EdgeEnv, {
    EDGE_CACHE_NAME: cacheName,
    UPSTREAM_RETRIES: "0",
    LOG_LEVEL: "error",
    ...env,
  });
  const logs: Array<Record<string, unknown>> = [];
  const app = createEdgeApp({ config, logger: memoryLogger(logs), ...options });
  await app.ready;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    app,
    logs,
    async [Symbol.asyncDispose]() {
      await server.shutdown();
      await app.close();
      await caches.delete(cacheName);
    },
  };
}
