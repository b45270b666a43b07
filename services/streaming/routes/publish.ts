/**
 * Publishing from the studio. The stream key is shown once and stored hashed, so a browser
 * that goes live gets a short-lived publish token instead (`POST /{id}/publish-token`), signed
 * like playback tokens but on a channel of its own: a playback token never publishes and a
 * publish token never plays. `POST /{id}/end` ends a live stream at once, without waiting out
 * the grace period a dropped publisher gets.
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import { createRoute, createRouter, HttpProblem, problems, z } from "@marquee/http";
import { findStream } from "../db/streams.ts";
import { mediaPath, type RouteDeps } from "./_deps.ts";
import { noStream } from "./_errors.ts";
import { IdParam, json, StreamView } from "./_schemas.ts";
import { manageStream } from "./streams.ts";

const BEARER = [{ bearer: [] }];

/** The channel a publish token is bound to (playback tokens use `stream:<id>`). */
export const publishChannel = (streamId: string) => `publish:${streamId}`;

/** A publish token and the edge's WHIP address that carries it. */
const PublishToken = z.object({
  token: z.string(),
  expiresAt: z.string().datetime(),
  /** The edge's WHIP endpoint for the stream, the token in its query. */
  whipUrl: z.string(),
}).openapi("PublishToken");

/** Routes under `/api/streams` for publishing from the studio. */
export function publishRoutes(deps: RouteDeps) {
  const { sql, clock, verifier, tickets } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();
  const creator = [requireAuth({ verifier }), requireRole("creator", "admin")];

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/publish-token",
      tags: ["streams"],
      summary: "A short-lived token to publish the stream over WHIP from the browser",
      security: BEARER,
      middleware: creator,
      request: { params: IdParam },
      responses: {
        200: { description: "The token and the WHIP URL", content: json(PublishToken) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such stream of the caller's",
          409: "The stream is over",
          422: "Bad id",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      const stream = await findStream(sql, id);
      // Only the stream's own creator publishes: others learn nothing, not even that it exists.
      if (!stream || stream.creatorId !== principal.userId) throw noStream(id);
      if (stream.status === "ended" || stream.status === "cancelled") {
        throw new HttpProblem(409, `Stream "${id}" is ${stream.status}`);
      }
      const { ticket, expiresAt } = await tickets.issue(
        principal.userId,
        publishChannel(id),
        clock(),
      );
      c.header("cache-control", "no-store");
      return c.json({
        token: ticket,
        expiresAt: expiresAt.toISOString(),
        whipUrl: `/media/webrtc/${mediaPath(id)}/whip?token=${encodeURIComponent(ticket)}`,
      }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/end",
      tags: ["streams"],
      summary: "End a live stream now",
      security: BEARER,
      middleware: creator,
      request: { params: IdParam },
      responses: {
        200: { description: "The ended stream", content: json(StreamView) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such stream of the caller's",
          409: "The stream is not live",
          422: "Bad id",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      const view = await manageStream(sql, id, principal, () => ({ type: "stop", at: clock() }));
      return c.json(view, 200);
    },
  );
  return router;
}
