/**
 * The events this service publishes, each written to the outbox inside the transaction
 * of the change it reports.
 * @module
 */
import {
  type Role,
  UserEmailChanged,
  UserEmailVerificationRequested,
  UserPasswordChanged,
  UserPasswordResetRequested,
  UserRegistered,
  UserRolesChanged,
  UserUpdated,
} from "@marquee/contracts";
import type { Tx } from "@marquee/db";
import { enqueueEvent } from "@marquee/events";
import type { UserRow } from "../db/users.ts";
import type { IssuedToken } from "../security/account_tokens.ts";

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

// The raw token of a link travels in exactly one event, the one that mails it. Those
// events go to the internal `accountMail` topic, read only by notifications, rather than
// mailing from here: one mail path (queue, retries, Message-ID) for the whole platform.
// The outbox keeps a published row for an hour, and the link expires or is used soon after.

/** Enqueues `user.email_verification_requested` for the address `email`. */
export async function emailVerificationRequested(
  tx: Tx,
  user: UserRow,
  link: IssuedToken & { email: string; purpose: "verify" | "change"; now: Date },
): Promise<void> {
  await enqueueEvent(tx, UserEmailVerificationRequested, {
    userId: user.id,
    email: link.email,
    displayName: user.displayName,
    purpose: link.purpose,
    token: link.token,
    expiresAt: link.expiresAt.toISOString(),
  }, { source: EVENT_SOURCE, time: link.now });
}

/** Enqueues `user.password_reset_requested`. */
export async function passwordResetRequested(
  tx: Tx,
  user: UserRow,
  link: IssuedToken & { now: Date },
): Promise<void> {
  await enqueueEvent(tx, UserPasswordResetRequested, {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    token: link.token,
    expiresAt: link.expiresAt.toISOString(),
  }, { source: EVENT_SOURCE, time: link.now });
}

/** Enqueues `user.password_changed`. */
export async function passwordChanged(
  tx: Tx,
  userId: string,
  via: "changed" | "reset",
  at: Date,
): Promise<void> {
  await enqueueEvent(tx, UserPasswordChanged, {
    userId,
    via,
    changedAt: at.toISOString(),
  }, { source: EVENT_SOURCE, time: at });
}

/** Enqueues `user.email_changed`. */
export async function emailChanged(
  tx: Tx,
  user: UserRow,
  previousEmail: string,
): Promise<void> {
  await enqueueEvent(tx, UserEmailChanged, {
    userId: user.id,
    email: user.email,
    previousEmail,
    changedAt: user.updatedAt.toISOString(),
  }, { source: EVENT_SOURCE, time: user.updatedAt });
}
