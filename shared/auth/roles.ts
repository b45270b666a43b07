/**
 * The roles a Marquee account can hold, shared by the issuer (users service) and every
 * service that checks them.
 * @module
 */
import { z } from "zod";

/** Every known role. */
export const ROLES = ["buyer", "creator", "moderator", "admin"] as const;

/** Schema of one role. */
export const Role = z.enum(ROLES);

/** One role. */
export type Role = z.infer<typeof Role>;

/** Whether `value` names a known role. */
export function isRole(value: unknown): value is Role {
  return Role.safeParse(value).success;
}
