/**
 * Events of the users service.
 * @module
 */
import { z } from "zod";
import { defineEvent } from "@marquee/events";
import { TOPICS } from "./topics.ts";
import { Role } from "@marquee/auth";

// Roles are defined once, by the kit's auth module, and shared through here.
export { Role, ROLES } from "@marquee/auth";

const UserId = z.string().uuid();

/** A person created an account. */
export const UserRegistered = defineEvent({
  type: "user.registered",
  version: 1,
  topic: TOPICS.users,
  schema: z.object({
    userId: UserId,
    email: z.string().email(),
    displayName: z.string(),
    roles: z.array(Role),
    registeredAt: z.string().datetime(),
  }),
  subject: (d) => d.userId,
});

/** A user changed their profile. */
export const UserUpdated = defineEvent({
  type: "user.updated",
  version: 1,
  topic: TOPICS.users,
  schema: z.object({
    userId: UserId,
    displayName: z.string(),
    bio: z.string().nullable(),
    updatedAt: z.string().datetime(),
  }),
  subject: (d) => d.userId,
});

/** An admin changed a user's roles. */
export const UserRolesChanged = defineEvent({
  type: "user.roles_changed",
  version: 1,
  topic: TOPICS.users,
  schema: z.object({
    userId: UserId,
    roles: z.array(Role),
    previousRoles: z.array(Role),
    changedBy: UserId.nullable(),
    changedAt: z.string().datetime(),
  }),
  subject: (d) => d.userId,
});

const Token = z.string().min(32).max(128);

/**
 * A link to confirm an address was asked for: after registration (`verify`, the account's
 * own address) or for a change of address (`change`, the new one). Carries the raw token
 * so the mailer can build the link; published only on the internal `accountMail` topic.
 */
export const UserEmailVerificationRequested = defineEvent({
  type: "user.email_verification_requested",
  version: 1,
  topic: TOPICS.accountMail,
  schema: z.object({
    userId: UserId,
    email: z.string().email(),
    displayName: z.string(),
    purpose: z.enum(["verify", "change"]),
    token: Token,
    expiresAt: z.string().datetime(),
  }),
  subject: (d) => d.userId,
});

/** A password reset link was asked for; carries the raw token, on the internal topic. */
export const UserPasswordResetRequested = defineEvent({
  type: "user.password_reset_requested",
  version: 1,
  topic: TOPICS.accountMail,
  schema: z.object({
    userId: UserId,
    email: z.string().email(),
    displayName: z.string(),
    token: Token,
    expiresAt: z.string().datetime(),
  }),
  subject: (d) => d.userId,
});

/** A user's password was changed, by themselves (`changed`) or through a reset link. */
export const UserPasswordChanged = defineEvent({
  type: "user.password_changed",
  version: 1,
  topic: TOPICS.users,
  schema: z.object({
    userId: UserId,
    via: z.enum(["changed", "reset"]),
    changedAt: z.string().datetime(),
  }),
  subject: (d) => d.userId,
});

/** A user's address changed, once the new one was confirmed. */
export const UserEmailChanged = defineEvent({
  type: "user.email_changed",
  version: 1,
  topic: TOPICS.users,
  schema: z.object({
    userId: UserId,
    email: z.string().email(),
    previousEmail: z.string().email(),
    changedAt: z.string().datetime(),
  }),
  subject: (d) => d.userId,
});
