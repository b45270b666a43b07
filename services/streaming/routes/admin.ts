/**
 * `POST /api/admin/streams/{id}/takedown` (admins only): ends a stream at once whatever its
 * state, disables its key for good (the media server's auth refuses it with `taken_down`),
 * audits who took it down, when and why, emits `stream.ended` with reason `taken_down`, and
 * disconnects its publisher through the media server's API. A kick that fails is logged; the
 * media reconciler kicks any publisher still on a stream that is over on its next round.
 * Taking down a stream again answers the first takedown.
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import { createRoute, createRouter, problems, z } from "@marquee/http";
import { lockStream } from "../db/streams.ts";
import { recordTakedown } from "../db/viewers.ts";
import { applyLocked } from "../stream_commands.ts";
import type { RouteDeps } from "./_deps.ts";
import { noStream } from "./_errors.ts";
import { IdParam, json, StreamView, streamView } from "./_schemas.ts";

const TakedownBody = z.object({
  /** Why, for the audit (and the creator, when they ask). */
  reason: z.string().trim().min(1).max(1000),
}).openapi("TakedownRequest");

const TakedownView = z.object({
  stream: StreamView,
  takedown: z.object({
    adminId: z.string(),
    reason: z.string(),
    takenAt: z.string().datetime(),
  }),
  /** Whether a publisher was on the air and was disconnected now. */
  publisherKicked: z.boolean(),
}).openapi("Takedown");

/** Routes under `/api/admin/streams`. */
export function adminRoutes(deps: RouteDeps) {
  const { sql, clock, verifier, media, logger } = deps;
  const log = logger.child({ component: "takedown" });
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/takedown",
      tags: ["admin"],
      summary: "End a stream now, disable its key and disconnect its publisher (audited)",
      security: [{ bearer: [] }],
      middleware: [requireAuth({ verifier }), requireRole("admin")],
      request: { params: IdParam, body: { required: true, content: json(TakedownBody) } },
      responses: {
        200: { description: "The stream after the takedown", content: json(TakedownView) },
        ...problems({
          401: "Not signed in",
          403: "Not an admin",
          404: "No such stream",
          422: "Bad id or reason",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { reason } = c.req.valid("json");
      const adminId = c.get("principal").userId;
      const at = clock();
      const done = await sql.begin(async (tx) => {
        const stream = await lockStream(tx, id);
        if (!stream) return undefined;
        const takedown = await recordTakedown(tx, { streamId: id, adminId, reason, takenAt: at });
        const { after } = await applyLocked(tx, stream, { type: "take_down", at });
        return { stream: after, takedown };
      });
      if (!done) throw noStream(id);
      log.warn("Stream taken down", { streamId: id, adminId, reason: done.takedown.reason });
      const publisherKicked = await media.kickPublisher(id).catch((error) => {
        log.warn("Kick failed; the reconciler retries", { streamId: id, error: error.message });
        return false;
      });
      c.header("cache-control", "no-store");
      return c.json({
        stream: streamView(done.stream),
        takedown: {
          adminId: done.takedown.adminId,
          reason: done.takedown.reason,
          takenAt: done.takedown.takenAt.toISOString(),
        },
        publisherKicked,
      }, 200);
    },
  );
  return router;
}
