/**
 * A user's in-app notifications: `GET /api/notifications` (newest first, with the unread
 * count), `POST /api/notifications/{id}/read` and `POST /api/notifications/read-all`.
 * @module
 */
import { type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter, cursorCodec, HttpProblem, z } from "@marquee/http";
import { countUnread, listNotifications, markAllRead, markRead } from "../db/notifications.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, Notification, problems, toNotification } from "./_schemas.ts";

const cursors = cursorCodec(
  z.object({ at: z.iso.datetime().transform((s) => new Date(s)), id: z.guid() }),
);

const Page = z.object({
  items: z.array(Notification),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page"),
  unreadCount: z.number().int(),
}).openapi("NotificationPage");

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  unread: z.enum(["true", "false"]).optional().describe("Only unread ones when `true`"),
});

/** Routes under `/api/notifications` for the list and read marks. */
export function notificationsRoutes(deps: RouteDeps) {
  const { sql, clock, verifier } = deps;
  const auth = requireAuth({ verifier });
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["notifications"],
      summary: "One's notifications, newest first",
      security: [{ bearer: [] }],
      middleware: [auth],
      request: { query: ListQuery },
      responses: {
        200: { description: "A page and the unread count", content: json(Page) },
        ...problems({ 401: "Not signed in", 422: "Invalid query" }),
      },
    }),
    async (c) => {
      const { limit, cursor, unread } = c.req.valid("query");
      const { userId } = c.get("principal");
      const after = cursors.decode(cursor);
      const [rows, unreadCount] = await Promise.all([
        listNotifications(sql, userId, { limit: limit + 1, after, unreadOnly: unread === "true" }),
        countUnread(sql, userId),
      ]);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last
        ? cursors.encode({ at: last.createdAt, id: last.id })
        : null;
      return c.json({ items: page.map(toNotification), nextCursor, unreadCount }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/read-all",
      tags: ["notifications"],
      summary: "Mark all of one's notifications read",
      security: [{ bearer: [] }],
      middleware: [auth],
      responses: {
        200: {
          description: "How many changed",
          content: json(z.object({ updated: z.number().int(), unreadCount: z.literal(0) })),
        },
        ...problems({ 401: "Not signed in" }),
      },
    }),
    async (c) => {
      const updated = await markAllRead(sql, c.get("principal").userId, clock());
      return c.json({ updated, unreadCount: 0 as const }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/read",
      tags: ["notifications"],
      summary: "Mark one of one's notifications read",
      security: [{ bearer: [] }],
      middleware: [auth],
      request: { params: z.object({ id: z.string().uuid() }) },
      responses: {
        200: { description: "The notification", content: json(Notification) },
        ...problems({ 401: "Not signed in", 404: "No such notification of the caller" }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const row = await markRead(sql, c.get("principal").userId, id, clock());
      // Another user's notification is reported as missing, never as forbidden.
      if (!row) throw new HttpProblem(404, `No notification "${id}"`);
      return c.json(toNotification(row), 200);
    },
  );

  return router;
}
