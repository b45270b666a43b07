/**
 * `POST /internal/media/hooks/segment?path=&file=`: the media server's
 * `runOnRecordSegmentComplete` (same Basic sign-in as its other calls). A recorded segment of
 * a live stream is complete; it is offered to the thumbnailer. The replay builder reads the
 * stream's folder itself once the stream ends, so a lost hook costs a thumbnail at most.
 * @module
 */
import { basicAuth } from "hono/basic-auth";
import { createRoute, createRouter, HttpProblem, problems, z } from "@marquee/http";
import { findStream } from "../db/streams.ts";
import { recordedSegment } from "../domain/replay.ts";
import type { Thumbnailer } from "../jobs/thumbnails.ts";
import { mediaPath, type RouteDeps } from "./_deps.ts";
import { MEDIA_USER } from "./media.ts";

const PATH = /^live\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Routes under `/internal/media` for recordings; mounted before the other media routes. */
export function recordingRoutes(deps: RouteDeps, thumbnails: Thumbnailer) {
  const { sql, config } = deps;
  const router = createRouter();
  router.use(
    "/hooks/segment",
    basicAuth({ username: MEDIA_USER, password: config.INTERNAL_TOKEN }),
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/hooks/segment",
      tags: ["internal"],
      summary: "A recorded segment of a stream is complete (the media server tells)",
      security: [{ mediaServer: [] }],
      request: {
        query: z.object({
          path: z.string().regex(PATH, "Must be live/<stream id>"),
          file: z.string().min(1).max(1024),
        }),
      },
      responses: {
        204: { description: "Heard" },
        ...problems({
          401: "Wrong password",
          404: "No such stream",
          422: "Bad path, or a file outside the stream's recordings",
        }),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const streamId = PATH.exec(query.path)![1]!.toLowerCase();
      const file = recordedSegment(config.RECORDINGS_DIR, mediaPath(streamId), query.file);
      if (!file) {
        throw new HttpProblem(422, `"file" is not a segment of "${query.path}"`, {
          errors: [{ field: "query.file", message: "Must be a segment in the stream's folder" }],
        });
      }
      const stream = await findStream(sql, streamId);
      if (!stream) throw new HttpProblem(404, `No stream "${streamId}"`);
      if (stream.status === "live" || stream.status === "reconnecting") {
        thumbnails.offer(streamId, file);
      }
      return c.body(null, 204);
    },
  );
  return router;
}
