/**
 * Who gets which roles: at registration, when an admin changes them, and for the
 * configured first admin.
 * @module
 */
import { type Role, ROLES } from "@marquee/contracts";

/** The roles a person may ask for when registering; the others are granted by an admin. */
export const SELF_SERVICE_ROLES = ["buyer", "creator"] as const;
/** A role a person may ask for when registering. */
export type SelfServiceRole = (typeof SELF_SERVICE_ROLES)[number];

/** Roles without duplicates, in the platform's order, so equal sets compare equal. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((r) => roles.includes(r));
}

/** Every account buys; creating is opt-in. */
export function registrationRoles(requested?: SelfServiceRole): Role[] {
  return requested === "creator" ? ["buyer", "creator"] : ["buyer"];
}

/** A role change asked for by an admin. */
export interface RoleChange {
  actorId: string;
  targetId: string;
  current: readonly Role[];
  requested: readonly Role[];
}

/** The outcome of a role change. */
export type RoleChangeDecision =
  | { kind: "unchanged"; roles: Role[] }
  | { kind: "change"; roles: Role[]; previous: Role[] }
  | { kind: "refuse"; reason: "own_admin_role" };

/** Decides a role change; admins cannot take away their own admin role (no lock-out). */
export function decideRoleChange(change: RoleChange): RoleChangeDecision {
  const roles = normalizeRoles(change.requested);
  const previous = normalizeRoles(change.current);
  if (change.actorId === change.targetId && !roles.includes("admin")) {
    return { kind: "refuse", reason: "own_admin_role" };
  }
  if (sameRoles(roles, previous)) return { kind: "unchanged", roles };
  return { kind: "change", roles, previous };
}

/** The roles of the configured first admin: theirs plus admin; undefined when already admin. */
export function withAdmin(current: readonly Role[]): Role[] | undefined {
  if (current.includes("admin")) return undefined;
  return normalizeRoles([...current, "buyer", "admin"]);
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}
