/**
 * A stream's images and replay, under `/api/streams`:
 * - `GET /{id}/thumbnail.jpg` and `GET /{id}/poster.jpg`: public redirects to short-lived blob
 *   URLs of the listing image (the replay's poster once there is one, else the newest live
 *   thumbnail) and of the poster; `?v=` versions the URL so a new frame is fetched anew.
 * - `GET /{id}/replay.m3u8?token=`: the replay's VOD playlist for a viewer holding a playback
 *   token (minted by `POST /{id}/playback` after the same access check as the live), each
 *   segment URI swapped for a presigned blob URL, so segments come straight from the store.
 * @module
 */
import type { BlobStore } from "@marquee/blob";
import { createRoute, createRouter, HttpProblem, problems, z } from "@marquee/http";
import { findReplay, mediaOf, thumbnailKeyOf } from "../db/replays.ts";
import {
  listingImage,
  playlistUris,
  replayKeys,
  rewritePlaylist,
  segmentUrlTtlSec,
} from "../domain/replay.ts";
import { playbackChannel, type RouteDeps } from "./_deps.ts";
import { IdParam } from "./_schemas.ts";

/** How long an image's blob URL is valid; redirects are cached for less. */
const IMAGE_URL_TTL_SEC = 3600;
/** Signed playlists kept per stream, so a crowd starting a replay signs it once. */
const SIGNED_PLAYLIST_MS = 5 * 60_000;
const MAX_SIGNED_PLAYLISTS = 500;

const Version = z.object({ v: z.string().max(32).optional() });

/** Routes under `/api/streams` for images and replays. */
export function replayRoutes(deps: RouteDeps, blobs: BlobStore) {
  const { sql, clock, tickets } = deps;
  const router = createRouter();
  const signed = new Map<string, { text: string; until: number }>();

  /** The playlist of a ready replay with signed URIs; undefined without one. */
  async function signedPlaylist(streamId: string): Promise<string | undefined> {
    const now = clock().getTime();
    const hit = signed.get(streamId);
    if (hit && hit.until > now) return hit.text;
    const replay = await findReplay(sql, streamId);
    if (replay?.status !== "ready" || !replay.playlistKey) return undefined;
    const object = await blobs.get(replay.playlistKey);
    if (!object) return undefined;
    const playlist = await new Response(object.body).text();
    const folder = replayKeys.folder(streamId);
    const expiresInSec = segmentUrlTtlSec(replay.durationMs ?? 0);
    const uris = playlistUris(playlist);
    const urls = new Map<string, string>();
    for (const uri of uris) {
      urls.set(uri, await blobs.presignGet(`${folder}/${uri}`, { expiresInSec }));
    }
    const text = rewritePlaylist(playlist, urls);
    if (signed.size >= MAX_SIGNED_PLAYLISTS) signed.clear();
    signed.set(streamId, { text, until: now + SIGNED_PLAYLIST_MS });
    return text;
  }

  const image = (name: "thumbnail.jpg" | "poster.jpg", summary: string) =>
    createRoute({
      method: "get",
      path: `/{id}/${name}`,
      tags: ["streams"],
      summary,
      request: { params: IdParam, query: Version },
      responses: {
        302: { description: "A short-lived URL of the image" },
        ...problems({ 404: "No such stream, or no image yet", 422: "Bad id" }),
      },
    });

  const redirect = async (key: string | null | undefined, what: string) => {
    if (!key) throw new HttpProblem(404, `No ${what} yet`);
    return await blobs.presignGet(key, { expiresInSec: IMAGE_URL_TTL_SEC });
  };

  router.openapi(image("thumbnail.jpg", "Redirects to the stream's listing image"), async (c) => {
    const { id } = c.req.valid("param");
    const media = (await mediaOf(sql, [id])).get(id)!;
    const shown = listingImage(media);
    const key = shown?.kind === "poster"
      ? media.replay?.posterKey
      : shown && await thumbnailKeyOf(sql, id);
    const url = await redirect(key, `image of stream "${id}"`);
    // Shorter than the URL's validity; a new frame comes under a new `?v=`.
    c.header("cache-control", "public, max-age=60");
    return c.redirect(url, 302);
  });

  router.openapi(image("poster.jpg", "Redirects to the replay's poster frame"), async (c) => {
    const { id } = c.req.valid("param");
    const replay = await findReplay(sql, id);
    const url = await redirect(
      replay?.status === "ready" ? replay.posterKey : null,
      `poster of stream "${id}"`,
    );
    c.header("cache-control", "public, max-age=300");
    return c.redirect(url, 302);
  });

  router.openapi(
    createRoute({
      method: "get",
      path: "/{id}/replay.m3u8",
      tags: ["streams"],
      summary: "The replay's VOD playlist, with a playback token",
      request: {
        params: IdParam,
        query: z.object({ token: z.string().max(4096).optional() }),
      },
      responses: {
        200: {
          description: "The playlist; its segment URLs are signed and valid for hours",
          content: { "application/vnd.apple.mpegurl": { schema: z.string() } },
        },
        ...problems({
          401: "No playback token, or one that is expired, forged or for another stream",
          404: "No such stream, or no replay ready",
          422: "Bad id",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { token } = c.req.valid("query");
      if (!token) throw new HttpProblem(401, "A playback token is required (`?token=`)");
      const viewer = await tickets.verify(token, playbackChannel(id), clock());
      if (!viewer) throw new HttpProblem(401, "The playback token is not valid for this stream");
      const playlist = await signedPlaylist(id);
      if (!playlist) throw new HttpProblem(404, `Stream "${id}" has no replay ready`);
      return c.body(playlist, 200, {
        "content-type": "application/vnd.apple.mpegurl",
        "cache-control": "private, no-store",
      });
    },
  );
  return router;
}
