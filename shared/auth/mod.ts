/**
 * Access-token verification and Hono middleware for authentication and role checks.
 *
 * ```ts
 * const verifier = createVerifier({ jwksUrl: config.jwksUrl, issuer: "users", audience: "marquee" });
 * const app = new Hono<{ Variables: AuthVariables }>();
 * app.use(requireAuth({ verifier }));
 * app.delete("/items/:id", requireRole("moderator", "admin"), (c) => c.body(null, 204));
 * ```
 * @module
 */
export { AuthError, type AuthErrorReason } from "./errors.ts";
export { optionalAuth, type OptionalAuthOptions } from "./optional_auth.ts";
export { Principal, principalFromClaims } from "./principal.ts";
export { requireAuth, type RequireAuthOptions } from "./require_auth.ts";
export { requireRole } from "./require_role.ts";
export { isRole, Role, ROLES } from "./roles.ts";
export type { AuthVariables, OptionalAuthVariables } from "./variables.ts";
export {
  createTicketSigner,
  type TicketSigner,
  type TicketSignerOptions,
} from "./stream_ticket.ts";
export {
  ALGORITHMS,
  createVerifier,
  type KeySource,
  type Verifier,
  type VerifierOptions,
} from "./verifier.ts";
