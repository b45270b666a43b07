/**
 * Middleware that lets only requests with a valid access token through.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { bearerToken } from "./_bearer.ts";
import { unauthorized } from "./_problem.ts";
import { AuthError } from "./errors.ts";
import type { AuthVariables } from "./variables.ts";
import type { Verifier } from "./verifier.ts";

/** Options of `requireAuth`. */
export interface RequireAuthOptions {
  verifier: Verifier;
}

/** Sets `principal` from the bearer token, or answers 401 problem+json. */
export function requireAuth(
  options: RequireAuthOptions,
): MiddlewareHandler<{ Variables: AuthVariables }> {
  const { verifier } = options;
  return async function requireAuth(c, next) {
    try {
      c.set("principal", await verifier.verify(bearerToken(c.req.header("authorization"))));
    } catch (error) {
      if (error instanceof AuthError) return unauthorized(c, error);
      throw error;
    }
    await next();
  };
}
