/**
 * Hono context variables set by the auth middleware.
 * @module
 */
import type { Principal } from "./principal.ts";

/** Variables of routes behind `requireAuth`: `new Hono<{ Variables: AuthVariables }>()`. */
export type AuthVariables = { principal: Principal };

/** Variables of routes behind `optionalAuth`, where the caller may be anonymous. */
export type OptionalAuthVariables = { principal?: Principal };
