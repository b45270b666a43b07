/**
 * Streams: creators schedule, edit and cancel theirs and list them (`/api/streams/mine`);
 * anyone lists what is live now and what is coming (`?status=live|upcoming`) and reads one.
 * @module
 */
import { type AuthVariables, type Principal, requireAuth, requireRole } from "@marquee/auth";
import type { Sql } from "@marquee/db";
import { createRoute, createRouter, problems, z } from "@marquee/http";
import {
  creatorStreams,
  findStream,
  insertStream,
  liveStreams,
  upcomingStreams,
} from "../db/streams.ts";
import {
  decide,
  evolveAll,
  type Stream,
  type StreamCommand,
  type StreamEvent,
} from "../domain/stream.ts";
import { countsOf } from "../db/viewers.ts";
import { mediaOf } from "../db/replays.ts";
import { publish } from "../events/outgoing.ts";
import { applyCommand } from "../stream_commands.ts";
import { newStreamKey } from "../stream_keys.ts";
import type { RouteDeps } from "./_deps.ts";
import { noStream, ruleProblem } from "./_errors.ts";
import { ingestSettings } from "./ingest.ts";
import {
  CreatedStream,
  CreateStream,
  EditStream,
  IdParam,
  json,
  StreamList,
  StreamView,
  streamView,
} from "./_schemas.ts";

const BEARER = [{ bearer: [] }];
const Limit = z.coerce.number().int().min(1).max(100).default(24);
const ListQuery = z.object({ limit: Limit });
const PublicListQuery = z.object({
  status: z.enum(["live", "upcoming"]).default("live"),
  limit: Limit,
});
/** Public listings change when a stream starts or ends; the edge purges them on its events. */
const PUBLIC_CACHE = "public, max-age=5, stale-while-revalidate=30";

/** The views of `streams` with their viewer counts, thumbnails and replays. */
async function withCounts(sql: Sql, streams: Stream[]) {
  const ids = streams.map((s) => s.id);
  const [counts, media] = await Promise.all([countsOf(sql, ids), mediaOf(sql, ids)]);
  return streams.map((s) => streamView(s, { counts: counts.get(s.id), media: media.get(s.id) }));
}

/** Whether the principal may change the stream: its creator, or an admin. */
export const mayManage = (stream: Stream, principal: Principal) =>
  stream.creatorId === principal.userId || principal.roles.includes("admin");

/**
 * Applies the command `make` builds to stream `id` when the principal may manage it, and
 * answers the stream's view; a stream that is not theirs is as missing as one that is not
 * there, and a command the stream's state refuses is a problem naming why.
 */
export async function manageStream(
  sql: Sql,
  id: string,
  principal: Principal,
  make: (stream: Stream) => StreamCommand,
): Promise<z.infer<typeof StreamView>> {
  const applied = await applyCommand(
    sql,
    id,
    (s) => mayManage(s, principal) ? make(s) : undefined,
  ).catch(ruleProblem);
  if (!applied) throw noStream(id);
  return streamView(applied.after);
}

/** Routes under `/api/streams`. */
export function streamsRoutes(deps: RouteDeps) {
  const { sql, clock, verifier } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();
  const creator = [requireAuth({ verifier }), requireRole("creator", "admin")];

  router.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["streams"],
      summary: "Schedule a stream; the answer holds its publishing key, shown this once",
      security: BEARER,
      middleware: creator,
      request: { body: { required: true, content: json(CreateStream) } },
      responses: {
        201: { description: "The stream and its ingest settings", content: json(CreatedStream) },
        ...problems({ 401: "Not signed in", 403: "Not a creator", 422: "Bad fields" }),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const at = clock();
      let events: StreamEvent[];
      try {
        events = decide({
          type: "schedule",
          id: crypto.randomUUID(),
          creatorId: c.get("principal").userId,
          fields: { ...body, scheduledStart: new Date(body.scheduledStart) },
          at,
        }, undefined);
      } catch (error) {
        ruleProblem(error);
      }
      const stream = evolveAll(undefined, events)!;
      const { key, hash } = await newStreamKey();
      await sql.begin(async (tx) => {
        await insertStream(tx, stream, hash, at);
        for (const event of events) await publish(tx, event, stream, at);
      });
      c.header("cache-control", "no-store");
      c.header("location", `/api/streams/${stream.id}`);
      return c.json({
        stream: streamView(stream),
        ingest: ingestSettings(deps.config, stream.id, { key, rotatedAt: at }),
      }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["streams"],
      summary: "Streams live now (newest first, with those briefly reconnecting) or upcoming " +
        "(soonest first)",
      request: { query: PublicListQuery },
      responses: {
        200: { description: "The streams", content: json(StreamList) },
        ...problems({ 422: "Bad query" }),
      },
    }),
    async (c) => {
      const { status, limit } = c.req.valid("query");
      const items = status === "live"
        ? await liveStreams(sql, limit)
        : await upcomingStreams(sql, clock(), limit);
      c.header("cache-control", PUBLIC_CACHE);
      return c.json({ items: await withCounts(sql, items) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/mine",
      tags: ["streams"],
      summary: "The caller's streams, latest scheduled first",
      security: BEARER,
      middleware: creator,
      request: { query: ListQuery },
      responses: {
        200: { description: "The caller's streams", content: json(StreamList) },
        ...problems({ 401: "Not signed in", 403: "Not a creator" }),
      },
    }),
    async (c) => {
      const { limit } = c.req.valid("query");
      const items = await creatorStreams(sql, c.get("principal").userId, limit);
      c.header("cache-control", "private, no-store");
      return c.json({ items: await withCounts(sql, items) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["streams"],
      summary: "One stream",
      request: { params: IdParam },
      responses: {
        200: { description: "The stream", content: json(StreamView) },
        ...problems({ 404: "No such stream", 422: "Bad id" }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const stream = await findStream(sql, id);
      if (!stream) throw noStream(id);
      c.header("cache-control", PUBLIC_CACHE);
      const [view] = await withCounts(sql, [stream]);
      return c.json(view!, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["streams"],
      summary: "Change a stream's title, description, start (before it starts) or access",
      security: BEARER,
      middleware: creator,
      request: { params: IdParam, body: { required: true, content: json(EditStream) } },
      responses: {
        200: { description: "The stream after the change", content: json(StreamView) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such stream of the caller's",
          409: "The stream is over, or has started and cannot be rescheduled",
          422: "Bad fields",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const principal = c.get("principal");
      const fields = {
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.scheduledStart !== undefined
          ? { scheduledStart: new Date(body.scheduledStart) }
          : {}),
        ...(body.access !== undefined ? { access: body.access } : {}),
      };
      const view = await manageStream(sql, id, principal, () => ({
        type: "edit",
        fields,
        at: clock(),
      }));
      return c.json(view, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/cancel",
      tags: ["streams"],
      summary: "Cancel a stream that has not started",
      security: BEARER,
      middleware: creator,
      request: { params: IdParam },
      responses: {
        200: { description: "The cancelled stream", content: json(StreamView) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such stream of the caller's",
          409: "The stream has started or is over",
          422: "Bad id",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      const view = await manageStream(sql, id, principal, () => ({ type: "cancel", at: clock() }));
      return c.json(view, 200);
    },
  );
  return router;
}
