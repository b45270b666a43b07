/**
 * The edge's readiness checks and its guarded metrics endpoint.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { HealthCheck } from "@marquee/http";
import { problem } from "./_problem.ts";
import type { EdgeEnv } from "./gateway/variables.ts";
import type { Limiter } from "./limiter/limiter.ts";

/** Ready when the JWKS answers with keys and the limiter's backend answers. */
export function readinessChecks(jwksUrl: string, limiter: Limiter): Record<string, HealthCheck> {
  return {
    jwks: async () => {
      const res = await fetch(jwksUrl, { signal: AbortSignal.timeout(2_000) });
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`JWKS answered ${res.status}`);
      }
      const body = await res.json() as { keys?: unknown };
      if (!Array.isArray(body.keys) || body.keys.length === 0) {
        throw new Error("JWKS holds no keys");
      }
    },
    limiter: () => limiter.ping(),
  };
}

/**
 * `/metrics`, answered only to loopback and private addresses (the scraper inside the
 * network): on the public origin the numbers would tell outsiders too much.
 */
export function metricsEndpoint(
  render: () => string | Promise<string>,
): MiddlewareHandler<EdgeEnv> {
  return async function metrics(c) {
    if (!isPrivateAddress(c.get("clientAddress"))) {
      return problem(c, 403, "Metrics are served to the internal network only");
    }
    const text = await render();
    c.header("content-type", "text/plain; version=0.0.4; charset=utf-8");
    c.header("cache-control", "no-store");
    return c.body(text);
  };
}

/** Loopback, RFC 1918, link-local and unique-local addresses. */
export function isPrivateAddress(address: string): boolean {
  if (address === "::1" || address.startsWith("::ffff:127.")) return true;
  if (/^(fc|fd)[0-9a-f]{2}:/.test(address) || address.startsWith("fe80:")) return true;
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(address.replace(/^::ffff:/, ""));
  if (!v4) return false;
  const [a, b] = [Number(v4[1]), Number(v4[2])];
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) ||
    (a === 169 && b === 254);
}
