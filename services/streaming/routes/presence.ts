/**
 * `POST /api/streams/{id}/presence`: a stream page beats every 15 s while its player plays,
 * with the presence token its playback answer carried (`{token}`); the viewer the token names
 * counts for 40 s after its last beat. Only a viewer who passed the access check holds one (a
 * made-up id counts nothing), and a signed-in viewer is one viewer in any number of tabs. A new or
 * returning viewer is counted at once; steady beats only keep the row fresh, and viewers who
 * stop beating are counted out by the media reconciler's rounds.
 * @module
 */
import { createRoute, createRouter, HttpProblem, problems, z } from "@marquee/http";
import { findStream } from "../db/streams.ts";
import { beat } from "../db/viewers.ts";
import { PRESENCE_TTL_MS } from "../domain/viewers.ts";
import { onAir, recount } from "../viewers.ts";
import { presenceChannel, type RouteDeps } from "./_deps.ts";
import { noStream } from "./_errors.ts";
import { IdParam, json } from "./_schemas.ts";

const Presence = z.object({
  /** The `presenceToken` of the playback answer. */
  token: z.string().min(1).max(2048),
}).openapi("Presence");

/** Routes under `/api/streams` for viewers' presence. */
export function presenceRoutes(deps: RouteDeps) {
  const { sql, clock, presenceTokens } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/presence",
      tags: ["viewers"],
      summary: "A viewer is watching (beat every 15 s; a viewer counts for 40 s)",
      request: { params: IdParam, body: { required: true, content: json(Presence) } },
      responses: {
        204: { description: "Counted" },
        ...problems({
          404: "No such stream",
          409: "The stream is not on the air",
          422: "Bad id, or not a presence token of this stream",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { token } = c.req.valid("json");
      const stream = await findStream(sql, id);
      if (!stream) throw noStream(id);
      const viewerId = await presenceTokens.verify(token, presenceChannel(id), clock());
      if (!viewerId) {
        throw new HttpProblem(422, "token: not a presence token of this stream, or expired", {
          errors: [{ field: "body.token", message: "Not a presence token of this stream" }],
        });
      }
      if (!onAir(stream.status)) {
        throw new HttpProblem(409, `Stream "${id}" is ${stream.status}, not live`);
      }
      const at = clock();
      const previous = await beat(sql, id, viewerId, at);
      if (!previous || previous.getTime() <= at.getTime() - PRESENCE_TTL_MS) {
        await recount(sql, id, at);
      }
      c.header("cache-control", "no-store");
      return c.body(null, 204);
    },
  );
  return router;
}
