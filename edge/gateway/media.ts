/**
 * What the edge does to the media server's signalling and HLS answers on their way to the
 * browser: which paths it forwards, where a created WebRTC session lives on the edge, and how
 * long caches may keep a playlist, a segment or a part.
 * @module
 */

/** Largest SDP offer or ICE fragment passed to the media server (MediaMTX reads at most 1 MiB). */
export const SDP_LIMIT_BYTES = 64 * 1024;

/** `Cache-Control` of LL-HLS playlists: each blocking reload asks the origin again. */
export const PLAYLIST_CACHE_CONTROL = "no-cache";

/** `Cache-Control` of segments, parts and init sections: a name is never reused. */
export const MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** Which of the media server's HTTP servers a media route reaches. */
export type MediaKind = "webrtc" | "hls";

// MediaMTX's stream paths are `live/<streamId>`; nothing else is served through the edge.
const STREAM = String.raw`/live/[\w-]{1,64}`;
const WEBRTC_PATH = new RegExp(`^${STREAM}/(whip|whep)(/[0-9a-f-]{36})?$`);
const HLS_PATH = new RegExp(`^${STREAM}/[\\w.-]{1,128}$`);

/** The methods a media path takes, or undefined when the edge does not serve the path. */
export function mediaMethods(kind: MediaKind, path: string): readonly string[] | undefined {
  if (kind === "hls") return HLS_PATH.test(path) ? ["GET", "HEAD"] : undefined;
  const match = WEBRTC_PATH.exec(path);
  if (!match) return undefined;
  // A session (its secret in the path) is patched with ICE candidates and deleted at the end.
  return match[2] ? ["PATCH", "DELETE", "OPTIONS"] : ["POST", "OPTIONS"];
}

/**
 * The `Location` of a created WHIP/WHEP session as the browser must see it: the media
 * server's path (with its query) under the edge's `prefix`. Absolute URLs pointing at the
 * media server are made relative the same way; anything else is left as it is.
 */
export function edgeLocation(location: string, prefix: string, upstream: string): string {
  if (location.startsWith("/") && !location.startsWith("//")) return prefix + location;
  if (!URL.canParse(location)) return location;
  const url = new URL(location);
  if (url.origin !== new URL(upstream).origin) return location;
  return prefix + url.pathname + url.search;
}

/** The `Cache-Control` an HLS answer leaves the edge with. */
export function hlsCacheControl(path: string, status: number): string {
  if (status !== 200) return "no-store";
  return path.endsWith(".m3u8") ? PLAYLIST_CACHE_CONTROL : MEDIA_CACHE_CONTROL;
}
