/**
 * Request and response schemas shared by several routes, named for /openapi.json.
 * @module
 */
import { z } from "@marquee/http";
import { Role } from "@marquee/contracts";
import type { UserRow } from "../db/users.ts";

/** A user as the API shows it: never the password hash. */
export const User = z.object({
  id: z.string().uuid(),
  email: z.string(),
  displayName: z.string(),
  bio: z.string().nullable(),
  roles: z.array(Role),
  emailVerified: z.boolean().describe("Whether the address was confirmed through a mailed link"),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
}).openapi("User");
/** A user as the API shows it. */
export type User = z.infer<typeof User>;

/** The API shape of a stored user. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    bio: row.bio,
    roles: row.roles,
    emailVerified: row.emailVerifiedAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A display name: trimmed, 1 to 80 characters; its title makes the messages "Enter your name". */
export const DisplayName = z.string().trim().min(1).max(80).meta({ title: "Your name" });

/** A signed-in session's access token. */
export const TokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number().int().describe("Seconds until the access token expires"),
  refreshToken: z.string().optional().describe(
    "The rotated refresh token, only when the request sent one in its body",
  ),
  user: User,
}).openapi("TokenResponse");

export { Problem, problems } from "@marquee/http";
