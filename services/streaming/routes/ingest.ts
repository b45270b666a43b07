/**
 * Ingest: where a stream's creator publishes (RTMP and SRT for OBS and ffmpeg, WHIP for a
 * browser or OBS 30+), and rotating the key, which stops the old one at once. A key is shown
 * only in the answer that made it.
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import { createRoute, createRouter, problems } from "@marquee/http";
import type { z } from "zod";
import type { StreamingConfig } from "../config.ts";
import { findStream, lockStream, replaceKey } from "../db/streams.ts";
import { newStreamKey } from "../stream_keys.ts";
import { mediaPath, type RouteDeps } from "./_deps.ts";
import { noStream } from "./_errors.ts";
import { IdParam, Ingest, json } from "./_schemas.ts";
import { mayManage } from "./streams.ts";

const BEARER = [{ bearer: [] }];
/** Stands for the key in the settings shown after the key was. */
const KEY_PLACEHOLDER = "{key}";

/** The ingest settings of a stream, with its key if it was just made. */
export function ingestSettings(
  config: StreamingConfig,
  streamId: string,
  key: { key: string; rotatedAt: Date } | null,
): z.infer<typeof Ingest> {
  // Keys are base64url: safe in a URL as they are.
  const k = key?.key ?? KEY_PLACEHOLDER;
  const path = mediaPath(streamId);
  const streamName = `${streamId}?key=${k}`;
  return {
    key: key?.key ?? null,
    ...(key ? { keyRotatedAt: key.rotatedAt.toISOString() } : {}),
    rtmp: {
      server: `${config.MEDIA_RTMP_URL}/live`,
      streamName,
      url: `${config.MEDIA_RTMP_URL}/live/${streamName}`,
    },
    // SRT has no query: the key travels as the password in the stream id.
    srt: { url: `${config.MEDIA_SRT_URL}?streamid=publish:${path}:creator:${k}&pkt_size=1316` },
    whip: { url: `${config.MEDIA_WEBRTC_URL}/${path}/whip?key=${k}` },
  };
}

/** Routes under `/api/streams` for ingest. */
export function ingestRoutes(deps: RouteDeps) {
  const { sql, clock, verifier, config } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();
  const creator = [requireAuth({ verifier }), requireRole("creator", "admin")];

  router.openapi(
    createRoute({
      method: "get",
      path: "/{id}/ingest",
      tags: ["streams"],
      summary: "Where to publish the stream (the key in its place is not shown again)",
      security: BEARER,
      middleware: creator,
      request: { params: IdParam },
      responses: {
        200: { description: "Ingest settings without the key", content: json(Ingest) },
        ...problems({ 401: "Not signed in", 403: "Not a creator", 404: "No such stream" }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const stream = await findStream(sql, id);
      if (!stream || !mayManage(stream, c.get("principal"))) throw noStream(id);
      c.header("cache-control", "private, no-store");
      return c.json(ingestSettings(config, id, null), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/key",
      tags: ["streams"],
      summary: "Make a new publishing key; the old one stops working at once",
      security: BEARER,
      middleware: creator,
      request: { params: IdParam },
      responses: {
        200: { description: "Ingest settings with the new key", content: json(Ingest) },
        ...problems({ 401: "Not signed in", 403: "Not a creator", 404: "No such stream" }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      const { key, hash } = await newStreamKey();
      const at = clock();
      const rotated = await sql.begin(async (tx) => {
        const stream = await lockStream(tx, id);
        if (!stream || !mayManage(stream, principal)) return false;
        await replaceKey(tx, id, hash, at);
        return true;
      });
      if (!rotated) throw noStream(id);
      c.header("cache-control", "no-store");
      return c.json(ingestSettings(config, id, { key, rotatedAt: at }), 200);
    },
  );
  return router;
}
