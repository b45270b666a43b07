/**
 * Middleware that lets through only principals holding one of the listed roles.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { forbidden, unauthorized } from "./_problem.ts";
import { AuthError } from "./errors.ts";
import type { Role } from "./roles.ts";
import type { OptionalAuthVariables } from "./variables.ts";

/**
 * Answers 403 problem+json unless the principal has at least one of `roles` (no role implies
 * another, not even admin), and 401 when no principal was set. Mount after the auth middleware.
 */
export function requireRole(
  ...roles: [Role, ...Role[]]
): MiddlewareHandler<{ Variables: OptionalAuthVariables }> {
  if (roles.length === 0) throw new TypeError("requireRole needs at least one role");
  return async function requireRole(c, next) {
    const principal = c.get("principal");
    if (!principal) return unauthorized(c, new AuthError("missing"));
    if (!roles.some((role) => principal.roles.includes(role))) return forbidden(c, roles);
    await next();
  };
}
