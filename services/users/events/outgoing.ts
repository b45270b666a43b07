/**
 * The events this service publishes, each written to the outbox inside the transaction
 * of the change it reports.
 * @module
 */
import { type Role, UserRegistered, UserRolesChanged, UserUpdated } from "@marquee/contracts";
import type { Tx } from "@marquee/db";
import { createEvent, enqueue, type EventDef } from "@marquee/events";
import type { z } from "zod";
import type { UserRow } from "../db/users.ts";

/** The CloudEvents `source` of every event from this service. */
export const EVENT_SOURCE = "/marquee/users";

async function publish<S extends z.ZodType>(
  tx: Tx,
  def: EventDef<string, S>,
  data: z.input<S>,
  time: Date,
): Promise<void> {
  const envelope = createEvent(def, data, { source: EVENT_SOURCE, time });
  await enqueue(tx, { topic: def.topic, envelope });
}

/** Enqueues `user.registered`. */
export async function userRegistered(tx: Tx, user: UserRow): Promise<void> {
  await publish(tx, UserRegistered, {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    registeredAt: user.createdAt.toISOString(),
  }, user.createdAt);
}

/** Enqueues `user.updated`. */
export async function userUpdated(tx: Tx, user: UserRow): Promise<void> {
  await publish(tx, UserUpdated, {
    userId: user.id,
    displayName: user.displayName,
    bio: user.bio,
    updatedAt: user.updatedAt.toISOString(),
  }, user.updatedAt);
}

/** Enqueues `user.roles_changed`; `changedBy` is null when configuration made the change. */
export async function userRolesChanged(
  tx: Tx,
  user: UserRow,
  previousRoles: Role[],
  changedBy: string | null,
): Promise<void> {
  await publish(tx, UserRolesChanged, {
    userId: user.id,
    roles: user.roles,
    previousRoles,
    changedBy,
    changedAt: user.updatedAt.toISOString(),
  }, user.updatedAt);
}
