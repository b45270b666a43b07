/**
 * Administering accounts: `/api/users` (list, search) and `/api/users/{id}/roles`.
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import { Role } from "@marquee/contracts";
import { createRoute, createRouter, cursorCodec, HttpProblem, z } from "@marquee/http";
import { findUserById, listUsers, updateRoles } from "../db/users.ts";
import { decideRoleChange } from "../domain/roles.ts";
import { userRolesChanged } from "../events/outgoing.ts";
import type { RouteDeps } from "./_deps.ts";
import { problems, toUser, User } from "./_schemas.ts";

const cursors = cursorCodec(
  z.object({ createdAt: z.iso.datetime().transform((s) => new Date(s)), id: z.guid() }),
);

const ListQuery = z.object({
  cursor: z.string().max(200).optional().describe("`nextCursor` of the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().trim().min(1).max(100).optional().describe("Part of an email or a name"),
});

const UserPage = z.object({
  items: z.array(User),
  nextCursor: z.string().nullable(),
}).openapi("UserPage");

const RolesRequest = z.object({
  roles: z.array(Role).min(1).max(Role.options.length),
}).openapi("RolesRequest");

/** Routes under `/api/users`; admins only. */
export function usersRoutes(deps: RouteDeps) {
  const { sql, clock, verifier } = deps;
  const guard = [requireAuth({ verifier }), requireRole("admin")];
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["users"],
      summary: "List accounts, newest first",
      security: [{ bearer: [] }],
      middleware: guard,
      request: { query: ListQuery },
      responses: {
        200: { description: "One page", content: { "application/json": { schema: UserPage } } },
        ...problems({ 401: "Not signed in", 403: "Not an admin", 422: "Bad query" }),
      },
    }),
    async (c) => {
      const { cursor, limit, q } = c.req.valid("query");
      const after = cursors.decode(cursor);
      const rows = await listUsers(sql, { after, limit: limit + 1, q });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last
        ? cursors.encode({ createdAt: last.createdAt, id: last.id })
        : null;
      return c.json({ items: page.map(toUser), nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "patch",
      path: "/{id}/roles",
      tags: ["users"],
      summary: "Replace a user's roles",
      security: [{ bearer: [] }],
      middleware: guard,
      request: {
        params: z.object({ id: z.string().uuid() }),
        body: { required: true, content: { "application/json": { schema: RolesRequest } } },
      },
      responses: {
        200: { description: "The updated user", content: { "application/json": { schema: User } } },
        ...problems({
          401: "Not signed in",
          403: "Not an admin",
          404: "No such user",
          409: "Admins cannot remove their own admin role",
          422: "Bad id or role",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { roles } = c.req.valid("json");
      const actorId = c.get("principal").userId;
      const updated = await sql.begin(async (tx) => {
        const user = await findUserById(tx, id, { lock: true });
        if (!user) throw new HttpProblem(404, `No user "${id}"`);
        const decision = decideRoleChange({
          actorId,
          targetId: id,
          current: user.roles,
          requested: roles,
        });
        switch (decision.kind) {
          case "refuse":
            throw new HttpProblem(409, "Admins cannot remove their own admin role");
          case "unchanged":
            return user;
          case "change": {
            const row = await updateRoles(tx, id, decision.roles, clock());
            await userRolesChanged(tx, row, decision.previous, actorId);
            return row;
          }
          default: {
            const never: never = decision;
            throw new Error(`Unknown decision ${JSON.stringify(never)}`);
          }
        }
      });
      return c.json(toUser(updated), 200);
    },
  );

  return router;
}
