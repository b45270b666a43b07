/**
 * Middleware for routes open to anonymous callers that behave differently when signed in.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { bearerToken } from "./_bearer.ts";
import { unauthorized } from "./_problem.ts";
import { AuthError } from "./errors.ts";
import type { OptionalAuthVariables } from "./variables.ts";
import type { Verifier } from "./verifier.ts";

/** Options of `optionalAuth`. */
export interface OptionalAuthOptions {
  verifier: Verifier;
}

/**
 * Sets `principal` when a bearer token is sent and lets anonymous requests through; a token
 * that is sent but refused still answers 401, so a client learns its session is gone.
 */
export function optionalAuth(
  options: OptionalAuthOptions,
): MiddlewareHandler<{ Variables: OptionalAuthVariables }> {
  const { verifier } = options;
  return async function optionalAuth(c, next) {
    try {
      const token = bearerToken(c.req.header("authorization"));
      if (token !== undefined) c.set("principal", await verifier.verify(token));
    } catch (error) {
      if (error instanceof AuthError) return unauthorized(c, error);
      throw error;
    }
    await next();
  };
}
