/**
 * The authenticated caller, as read from a verified access token.
 * @module
 */
import { z } from "zod";
import { AuthError } from "./errors.ts";
import { isRole, Role } from "./roles.ts";

/** Schema of the authenticated caller. */
export const Principal = z.object({
  userId: z.string().min(1),
  roles: z.array(Role),
  email: z.string().optional(),
  name: z.string().optional(),
  tokenId: z.string().optional(),
  expiresAt: z.date(),
});

/** The authenticated caller. */
export type Principal = z.infer<typeof Principal>;

const Claims = z.object({
  sub: z.string().min(1),
  exp: z.number(),
  roles: z.array(z.string()),
  email: z.string().optional(),
  name: z.string().optional(),
  jti: z.string().optional(),
});

/**
 * Maps verified JWT claims to a principal; roles the project does not know are dropped so a
 * newer issuer cannot grant anything here by accident. Throws `AuthError("bad_claims")`.
 */
export function principalFromClaims(claims: unknown): Principal {
  const parsed = Claims.safeParse(claims);
  if (!parsed.success) throw new AuthError("bad_claims", { cause: parsed.error });
  const { sub, exp, roles, email, name, jti } = parsed.data;
  const principal: Principal = {
    userId: sub,
    roles: [...new Set(roles.filter(isRole))],
    expiresAt: new Date(exp * 1000),
  };
  if (email !== undefined) principal.email = email;
  if (name !== undefined) principal.name = name;
  if (jti !== undefined) principal.tokenId = jti;
  return principal;
}
