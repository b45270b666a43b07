/**
 * The signed-in user's own profile: `/api/me`.
 * @module
 */
import { type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter, HttpProblem, z } from "@marquee/http";
import { pendingEmail } from "../db/account_tokens.ts";
import { findUserById, updateProfile } from "../db/users.ts";
import { userUpdated } from "../events/outgoing.ts";
import type { RouteDeps } from "./_deps.ts";
import { DisplayName, problems, toUser, User } from "./_schemas.ts";

const UpdateProfile = z.object({
  displayName: DisplayName.optional(),
  bio: z.string().trim().max(1000).nullable().optional().describe("null clears it"),
}).strict().openapi("UpdateProfile");

const userContent = { "application/json": { schema: User } };

const Me = User.extend({
  pendingEmail: z.string().nullable().describe(
    "A new address asked for and not confirmed yet; the change applies when it is",
  ),
}).openapi("Me");

/** Routes under `/api/me`. */
export function meRoutes(deps: RouteDeps) {
  const { sql, clock, verifier } = deps;
  const auth = requireAuth({ verifier });
  const gone = () => new HttpProblem(401, "The account of this token no longer exists");
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["me"],
      summary: "The signed-in user's profile",
      security: [{ bearer: [] }],
      middleware: [auth],
      responses: {
        200: { description: "The profile", content: { "application/json": { schema: Me } } },
        ...problems({ 401: "Not signed in" }),
      },
    }),
    async (c) => {
      const user = await findUserById(sql, c.get("principal").userId);
      if (!user) throw gone();
      return c.json({ ...toUser(user), pendingEmail: await pendingEmail(sql, user, clock()) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "patch",
      path: "/",
      tags: ["me"],
      summary: "Change the display name or bio",
      security: [{ bearer: [] }],
      middleware: [auth],
      request: {
        body: { required: true, content: { "application/json": { schema: UpdateProfile } } },
      },
      responses: {
        200: { description: "The updated profile", content: userContent },
        ...problems({ 401: "Not signed in", 422: "Bad fields" }),
      },
    }),
    async (c) => {
      const patch = c.req.valid("json");
      const id = c.get("principal").userId;
      const updated = await sql.begin(async (tx) => {
        const user = await findUserById(tx, id, { lock: true });
        if (!user) throw gone();
        const displayName = patch.displayName ?? user.displayName;
        const bio = patch.bio === undefined ? user.bio : patch.bio || null;
        if (displayName === user.displayName && bio === user.bio) return user;
        const row = await updateProfile(tx, id, { displayName, bio, updatedAt: clock() });
        await userUpdated(tx, row);
        return row;
      });
      return c.json(toUser(updated), 200);
    },
  );

  return router;
}
