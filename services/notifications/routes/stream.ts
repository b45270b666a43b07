/**
 * The live stream of new notifications: `POST /api/notifications/stream-ticket` issues a
 * 60-second ticket to a signed-in user, and `GET /api/notifications/stream` answers
 * Server-Sent Events to a caller with a bearer token or `?ticket=` (browsers' EventSource
 * cannot send headers). A stream ends when the token would expire, after at most 15
 * minutes, or when the server drains; clients reconnect with a fresh ticket. The live hub
 * wakes a stream when a notification for its user commits on any instance.
 * @module
 */
import { AuthError, type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter, HttpProblem, sseEvent, z } from "@marquee/http";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { countUnread, type NotificationRow } from "../db/notifications.ts";
import { newNotifications } from "../live/new_notifications.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, Notification, problems, toNotification } from "./_schemas.ts";

/** Open streams one user may hold at once. */
export const MAX_STREAMS_PER_USER = 5;
const MAX_STREAM_MS = 15 * 60_000;
const HEARTBEAT_MS = 15_000;
/** The channel a ticket opens. */
const STREAM_CHANNEL = "notifications:stream";

const Ticket = z.object({
  ticket: z.string(),
  expiresAt: z.string().datetime(),
}).openapi("StreamTicket");

/** One event of the stream; keep-alive comments are not events. */
const StreamEvent = z.discriminatedUnion("event", [
  sseEvent("ready", z.object({ unreadCount: z.number().int().min(0) }), {
    description: "Sent once subscribed",
  }),
  sseEvent("notification", Notification, { id: true, description: "A new notification" }),
]).openapi("NotificationStreamEvent");

/** Routes under `/api/notifications` for the live stream. */
export function streamRoutes(deps: RouteDeps) {
  const { sql, clock, verifier, hub, tickets, streams } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "post",
      path: "/stream-ticket",
      tags: ["stream"],
      summary: "A 60-second ticket to open the stream without an Authorization header",
      security: [{ bearer: [] }],
      middleware: [requireAuth({ verifier })],
      responses: {
        201: { description: "The ticket", content: json(Ticket) },
        ...problems({ 401: "Not signed in" }),
      },
    }),
    async (c) => {
      const userId = c.get("principal").userId;
      const { ticket, expiresAt } = await tickets.issue(userId, STREAM_CHANNEL, clock());
      c.header("cache-control", "no-store");
      return c.json({ ticket, expiresAt: expiresAt.toISOString() }, 201);
    },
  );

  /** The user a stream request speaks for, and until when its credential holds. */
  async function authenticate(c: Context): Promise<{ userId: string; until: number }> {
    const header = c.req.header("authorization");
    const now = clock().getTime();
    if (header !== undefined) {
      const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
      try {
        const principal = await verifier.verify(match?.[1]);
        return { userId: principal.userId, until: principal.expiresAt.getTime() };
      } catch (error) {
        if (error instanceof AuthError) throw new HttpProblem(401, error.message);
        throw error;
      }
    }
    const ticket = c.req.query("ticket");
    if (ticket === undefined) throw new HttpProblem(401, "Missing bearer token or ticket");
    const userId = await tickets.verify(ticket, STREAM_CHANNEL, clock());
    if (!userId) throw new HttpProblem(401, "Invalid or expired ticket");
    return { userId, until: now + MAX_STREAM_MS };
  }

  router.openapi(
    createRoute({
      method: "get",
      path: "/stream",
      tags: ["stream"],
      summary: "New notifications as Server-Sent Events",
      description: "Events: `ready` (`{unreadCount}`) once subscribed, then `notification` " +
        "(a Notification) for each new one; comments keep the connection alive.",
      security: [{ bearer: [] }, {}],
      request: { query: z.object({ ticket: z.string().max(512).optional() }) },
      responses: {
        200: {
          description: "The event stream",
          content: { "text/event-stream": { schema: StreamEvent } },
        },
        ...problems({ 401: "No valid token or ticket", 429: "Too many open streams" }),
      },
    }),
    async (c) => {
      const { userId, until } = await authenticate(c);
      if (hub.count(userId) >= MAX_STREAMS_PER_USER) {
        throw new HttpProblem(429, `At most ${MAX_STREAMS_PER_USER} open streams per user`);
      }
      const lifetime = Math.max(0, Math.min(until - clock().getTime(), MAX_STREAM_MS));
      c.header("cache-control", "no-store");
      c.header("x-accel-buffering", "no");
      return streamSSE(c, async (stream) => {
        let end!: () => void;
        const ended = new Promise<void>((resolve) => (end = resolve));
        // Writes go one after another, whatever the order notifications arrive in.
        let writing = Promise.resolve();
        const push = (n: NotificationRow) => {
          writing = writing.then(() =>
            stream.writeSSE({
              event: "notification",
              id: n.id,
              data: JSON.stringify(toNotification(n)),
            })
          ).catch(end);
        };
        const unseen = newNotifications(sql, userId);
        let started!: () => void;
        const ready = new Promise<void>((resolve) => (started = resolve));
        // Subscribed before `start` reads, so nothing committed in between is missed.
        const unsubscribe = hub.subscribe(userId, async (change) => {
          await ready;
          for (const n of await unseen.read(change)) push(n);
        });
        streams.add(end);
        stream.onAbort(end);
        const heartbeat = setInterval(() => {
          writing = writing.then(() => stream.write(": keep-alive\n\n")).then(() => {}, end);
        }, HEARTBEAT_MS);
        const expiry = setTimeout(end, lifetime);
        try {
          const [unreadCount] = await Promise.all([countUnread(sql, userId), unseen.start()]);
          await stream.writeSSE({ event: "ready", data: JSON.stringify({ unreadCount }) });
          started();
          await ended;
        } finally {
          started();
          clearInterval(heartbeat);
          clearTimeout(expiry);
          unsubscribe();
          streams.delete(end);
          await writing;
        }
      });
    },
  );

  return router;
}
