/**
 * The media server's calls (`/internal/media`, never routed by the edge; the media server
 * signs in with HTTP Basic, user `mediamtx`, the internal token as password):
 * - `POST /auth`: MediaMTX's `authMethod: http` asks before every publish and read. Publishing
 *   to `live/<streamId>` needs the stream's current key (`?key=` on RTMP and WHIP, the
 *   password on SRT) or, from the studio, a publish token (`?token=` on WHIP); reading needs
 *   a playback token for that stream (`?token=`, or a bearer token on WHEP). 2xx allows, anything else refuses; refusals are counted by reason.
 * - `POST /hooks/{event}?path=`: `runOnAvailable` / `runOnUnavailable` call back, driving
 *   live and reconnecting (the grace sweeper ends the stream when the deadline passes).
 * @module
 */
import { basicAuth } from "hono/basic-auth";
import { createRoute, createRouter, HttpProblem, problems, z } from "@marquee/http";
import { findStream, keyHashOf } from "../db/streams.ts";
import { takedownOf } from "../db/viewers.ts";
import { applyCommand } from "../stream_commands.ts";
import { keyMatches } from "../stream_keys.ts";
import { playbackChannel, type RouteDeps } from "./_deps.ts";
import { publishChannel } from "./publish.ts";

/** The user name the media server signs in with. */
export const MEDIA_USER = "mediamtx";

const PATH = /^live\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** What MediaMTX posts to its HTTP auth address. */
const AuthRequest = z.object({
  user: z.string().default(""),
  password: z.string().default(""),
  token: z.string().default(""),
  ip: z.string().default(""),
  action: z.string(),
  path: z.string().default(""),
  protocol: z.string().default(""),
  id: z.string().nullable().optional(),
  query: z.string().default(""),
}).openapi("MediaAuthRequest");

type Refusal =
  | "unknown_path"
  | "no_stream"
  | "stream_over"
  | "taken_down"
  | "no_key"
  | "wrong_key"
  | "no_token"
  | "bad_token"
  | "action";

/** Routes under `/internal/media`. */
export function mediaRoutes(deps: RouteDeps) {
  const { sql, clock, config, tickets, logger } = deps;
  const log = logger.child({ component: "media" });
  const router = createRouter();
  const refusals = deps.registry.counter(
    "streaming_media_auth_refusals_total",
    "Publishes and reads the media server asked about and was told to refuse, by reason",
  );
  const allowed = deps.registry.counter(
    "streaming_media_auth_allowed_total",
    "Publishes and reads the media server was told to allow",
  );
  router.use("*", basicAuth({ username: MEDIA_USER, password: config.INTERNAL_TOKEN }));
  router.openAPIRegistry.registerComponent("securitySchemes", "mediaServer", {
    type: "http",
    scheme: "basic",
  });
  const security = [{ mediaServer: [] }];

  /** Why the request is refused, or undefined when it is allowed. */
  async function refusal(req: z.infer<typeof AuthRequest>): Promise<Refusal | undefined> {
    const streamId = PATH.exec(req.path)?.[1]?.toLowerCase();
    if (!streamId) return "unknown_path";
    const query = new URLSearchParams(req.query);
    switch (req.action) {
      case "publish": {
        // The studio publishes with a short-lived publish token instead of the key.
        const token = query.get("token");
        const key = query.get("key") || req.password || req.token;
        if (!key && !token) return "no_key";
        const stream = await findStream(sql, streamId);
        if (!stream) return "no_stream";
        // A takedown disables the stream's key (and any other way in) for good.
        if (await takedownOf(sql, streamId)) return "taken_down";
        if (stream.status === "ended" || stream.status === "cancelled") return "stream_over";
        if (token) {
          const creator = await tickets.verify(token, publishChannel(streamId), clock());
          return creator === stream.creatorId ? undefined : "bad_token";
        }
        const hash = await keyHashOf(sql, streamId);
        return hash && await keyMatches(key, hash) ? undefined : "wrong_key";
      }
      case "read": {
        const token = req.token || query.get("token") || req.password;
        if (!token) return "no_token";
        const viewer = await tickets.verify(token, playbackChannel(streamId), clock());
        return viewer ? undefined : "bad_token";
      }
      default:
        return "action";
    }
  }

  router.openapi(
    createRoute({
      method: "post",
      path: "/auth",
      tags: ["internal"],
      summary: "May this publish or read go ahead (the media server asks)",
      security,
      request: {
        body: { required: true, content: { "application/json": { schema: AuthRequest } } },
      },
      responses: {
        204: { description: "Allowed" },
        ...problems({ 401: "Refused (or the media server's password is wrong)", 422: "Bad body" }),
      },
    }),
    async (c) => {
      const req = c.req.valid("json");
      const reason = await refusal(req);
      const action = req.action === "publish" || req.action === "read" ? req.action : "other";
      if (reason) {
        refusals.inc({ action, reason });
        log.info("Media request refused", {
          action,
          path: req.path,
          protocol: req.protocol,
          reason,
        });
        throw new HttpProblem(401, `Refused: ${reason}`);
      }
      allowed.inc({ action });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/hooks/{event}",
      tags: ["internal"],
      summary: "A stream became available or unavailable on the media server",
      security,
      request: {
        params: z.object({ event: z.enum(["available", "unavailable"]) }),
        query: z.object({ path: z.string().regex(PATH, "Must be live/<stream id>") }),
      },
      responses: {
        204: { description: "Recorded" },
        ...problems({ 401: "Wrong password", 404: "No such stream", 422: "Bad event or path" }),
      },
    }),
    async (c) => {
      const { event } = c.req.valid("param");
      const streamId = PATH.exec(c.req.valid("query").path)![1]!.toLowerCase();
      const at = clock();
      const graceMs = config.STREAM_RECONNECT_GRACE_SEC * 1000;
      const applied = await applyCommand(
        sql,
        streamId,
        () =>
          event === "available"
            ? { type: "publisher_arrived", at }
            : { type: "publisher_left", at, graceMs },
      );
      if (!applied) throw new HttpProblem(404, `No stream "${streamId}"`);
      if (applied.changed) {
        log.info("Stream status changed", { streamId, event, status: applied.after.status });
      }
      return c.body(null, 204);
    },
  );
  return router;
}
