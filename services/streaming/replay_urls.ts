/**
 * The public paths of a stream's media, on the edge (the one public origin): its listing
 * image and its replay's poster (redirects to short-lived blob URLs, versioned so a new frame
 * is fetched anew) and its replay's playlist (with a playback token).
 * @module
 */
import { listingImage, type StreamMedia } from "./domain/replay.ts";

/** The listing image's path, `v` its version. */
export const thumbnailPath = (streamId: string, v: number) =>
  `/api/streams/${streamId}/thumbnail.jpg?v=${v}`;

/** The replay poster's path, `v` its version. */
export const posterPath = (streamId: string, v: number) =>
  `/api/streams/${streamId}/poster.jpg?v=${v}`;

/** The replay's VOD playlist, with the viewer's playback token. */
export const replayPlaylistPath = (streamId: string, token: string) =>
  `/api/streams/${streamId}/replay.m3u8?token=${encodeURIComponent(token)}`;

/** What a stream's JSON shows of its media. */
export interface MediaView {
  thumbnailUrl: string | null;
  replay: { status: "pending" | "ready" | "failed"; posterUrl: string | null } | null;
}

/** The stream JSON's `thumbnailUrl` and `replay`. */
export function mediaView(streamId: string, media: StreamMedia): MediaView {
  const image = listingImage(media);
  const { replay } = media;
  return {
    thumbnailUrl: image
      ? (image.kind === "poster" ? posterPath : thumbnailPath)(streamId, image.version)
      : null,
    replay: replay
      ? {
        status: replay.status,
        posterUrl: replay.status === "ready" && replay.posterKey && replay.readyAt
          ? posterPath(streamId, replay.readyAt.getTime())
          : null,
      }
      : null,
  };
}
