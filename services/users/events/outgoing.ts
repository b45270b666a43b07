/**
 * The events this service publishes, each written to the outbox inside the transaction
 * of the change it reports.
 * @module
 */
import { type Role, UserRegistered, UserRolesChanged, UserUpdated } from "@marquee/contracts";
import type { Tx } from "@marquee/db";
import { enqueueEvent } from "@marquee/events";
import type { UserRow } from "../db/users.ts";

/** The CloudEvents `source` of every event from this service. */
export const EVENT_SOURCE = "/marquee/users";

/** Enqueues `user.registered`. */
export async function userRegistered(tx: Tx, user: UserRow): Promise<void> {
  await enqueueEvent(tx, UserRegistered, {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    registeredAt: user.createdAt.toISOString(),
  }, { source: EVENT_SOURCE, time: user.createdAt });
}

/** Enqueues `user.updated`. */
export async function userUpdated(tx: Tx, user: UserRow): Promise<void> {
  await enqueueEvent(tx, UserUpdated, {
    userId: user.id,
    displayName: user.displayName,
    bio: user.bio,
    updatedAt: user.updatedAt.toISOString(),
  }, { source: EVENT_SOURCE, time: user.updatedAt });
}

/** Enqueues `user.roles_changed`; `changedBy` is null when configuration made the change. */
export async function userRolesChanged(
  tx: Tx,
  user: UserRow,
  previousRoles: Role[],
  changedBy: string | null,
): Promise<void> {
  await enqueueEvent(tx, UserRolesChanged, {
    userId: user.id,
    roles: user.roles,
    previousRoles,
    changedBy,
    changedAt: user.updatedAt.toISOString(),
  }, { source: EVENT_SOURCE, time: user.updatedAt });
}
