/**
 * Token checks at the edge, by the route's auth mode. The verdict is recorded rather than
 * answered at once, so that refused requests still count against the caller's address in
 * the rate limiter; `refuseUnauthenticated` then answers 401 before any upstream sees the
 * request.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { AuthError, type Verifier } from "@marquee/auth";
import type { Logger } from "@marquee/log";
import { problem } from "../_problem.ts";
import type { EdgeEnv } from "./variables.ts";

/** Options of {@linkcode authenticate}. */
export interface AuthenticateOptions {
  verifier: Verifier;
  logger: Logger;
}

/** Verifies the bearer token as the route demands and sets `principal` or `authError`. */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<EdgeEnv> {
  const { verifier, logger } = options;
  return async function authenticate(c, next) {
    const mode = c.get("route")?.auth ?? "none";
    if (mode === "none") return await next();
    const header = c.req.header("authorization");
    const token = bearerToken(header);
    if (token === undefined) {
      // A Bearer header without a usable token is a bad token, not an anonymous request.
      if (/^\s*bearer\b/i.test(header ?? "")) {
        c.set("authError", new AuthError("malformed"));
      } else if (mode === "required") {
        c.set("authError", new AuthError("missing"));
      }
      return await next();
    }
    try {
      c.set("principal", await verifier.verify(token));
    } catch (error) {
      if (!(error instanceof AuthError)) {
        // The key set cannot be fetched: not the caller's fault, and no reason to let them in.
        logger.warn("Access tokens cannot be verified", { error: (error as Error).message });
        return problem(c, 503, "Access tokens cannot be verified right now", {
          "retry-after": "5",
        });
      }
      c.set("authError", error);
    }
    await next();
  };
}

/** Answers 401 problem+json for a request whose token was refused or is missing. */
export function refuseUnauthenticated(): MiddlewareHandler<EdgeEnv> {
  return async function refuseUnauthenticated(c, next) {
    const error = c.get("authError");
    if (!error) return await next();
    // RFC 6750 §3.1: a request without credentials gets a bare challenge.
    const challenge = error.reason === "missing"
      ? "Bearer"
      : `Bearer error="invalid_token", error_description="${error.message}"`;
    return problem(c, 401, error.message, { "www-authenticate": challenge });
  };
}

/** The token of a `Bearer` authorization header; undefined for none or another scheme. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}
