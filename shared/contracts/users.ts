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
