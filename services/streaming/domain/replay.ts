/**
 * Replays and live thumbnails, the decisions without the I/O: which ended streams get a
 * replay, which recorded files make it and in what order, when a failed build is tried again,
 * what a VOD playlist holds and how its URIs are swapped for signed ones, and when a live
 * stream is due a new thumbnail. Time comes in as arguments.
 * @module
 */
import type { Stream, StreamEvent } from "./stream.ts";

/** Where a replay is in its life. */
export type ReplayStatus = "pending" | "ready" | "failed";

/** Builds tried before a replay is marked failed. */
export const MAX_BUILD_ATTEMPTS = 5;

/** How long a claimed build may run before another builder may claim it again. */
export const BUILD_LEASE_MS = 10 * 60_000;

/** How often a live stream's listing thumbnail is refreshed. */
export const THUMBNAIL_INTERVAL_MS = 30_000;

/**
 * Whether the events that changed a stream call for a replay: it ended after going live, and
 * not by a takedown (what was taken down is not put back up as a replay).
 */
export function replayWanted(events: readonly StreamEvent[], after: Stream): boolean {
  return after.startedAt !== null &&
    events.some((e) =>
      e.type === "stream.ended" && e.reason !== "cancelled" && e.reason !== "taken_down"
    );
}

/** What follows a failed build: another attempt later, or giving up. */
export type AfterFailure =
  | { status: "pending"; nextAttemptAt: Date }
  | { status: "failed" };

/** The next step after build number `attempts` failed at `at`: backoff from 5 s to 5 min. */
export function afterFailure(attempts: number, at: Date): AfterFailure {
  if (attempts >= MAX_BUILD_ATTEMPTS) return { status: "failed" };
  const delayMs = Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 300_000);
  return { status: "pending", nextAttemptAt: new Date(at.getTime() + delayMs) };
}

/** A recorded segment's file name: the media server names them by their start time. */
const SEGMENT_NAME = /^\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-\d{6}\.mp4$/;

/**
 * The recorded segments among a stream's folder entries, oldest first. The names are
 * fixed-width timestamps, so their order as strings is the order they were recorded in.
 */
export function segmentOrder(names: readonly string[]): string[] {
  return names.filter((name) => SEGMENT_NAME.test(name)).sort();
}

/**
 * The file a segment hook names, when it is a segment inside the stream's own folder under
 * `recordingsDir`; undefined for anything else, so a hook cannot point the service at
 * another file.
 */
export function recordedSegment(
  recordingsDir: string,
  mediaPath: string,
  file: string,
): string | undefined {
  const folder = `${recordingsDir.replace(/\/+$/, "")}/${mediaPath}/`;
  if (!file.startsWith(folder)) return undefined;
  const name = file.slice(folder.length);
  return SEGMENT_NAME.test(name) ? file : undefined;
}

/**
 * How long a stream's recordings must have gone unwritten before a replay is made of them.
 * The media server flushes a recording every 500 ms while anyone publishes, and a stream
 * stopped from the studio may keep its publisher a few seconds until it is disconnected.
 */
export const RECORDING_QUIET_MS = 1_500;

/** Whether recordings last written at `lastWriteAt` are finished as of `at`. */
export function recordingSettled(lastWriteAt: Date, at: Date): boolean {
  return at.getTime() - lastWriteAt.getTime() >= RECORDING_QUIET_MS;
}

/** The segment the poster frame is taken from: a third of the way in, past any intro. */
export function posterSegment<T>(segments: readonly T[]): T | undefined {
  return segments[Math.floor(segments.length / 3)];
}

/** Whether a playlist is a finished VOD one: every segment listed, nothing more to come. */
export function isCompleteVod(playlist: string): boolean {
  return /^#EXT-X-PLAYLIST-TYPE:VOD$/m.test(playlist) && /^#EXT-X-ENDLIST$/m.test(playlist);
}

/** The playlist's length: the sum of its segments' durations, in milliseconds. */
export function playlistDurationMs(playlist: string): number {
  let total = 0;
  for (const [, seconds] of playlist.matchAll(/^#EXTINF:([\d.]+)/gm)) total += Number(seconds);
  return Math.round(total * 1000);
}

const MAP_URI = /^(#EXT-X-MAP:.*URI=")([^"]+)(".*)$/;

/** The URIs a playlist refers to: its init section and its segments, in order. */
export function playlistUris(playlist: string): string[] {
  const uris: string[] = [];
  for (const line of playlist.split("\n")) {
    const map = MAP_URI.exec(line);
    if (map) uris.push(map[2]!);
    else if (line.trim() !== "" && !line.startsWith("#")) uris.push(line.trim());
  }
  return uris;
}

/** The playlist with each URI replaced by `urls`' entry for it; throws for a URI without one. */
export function rewritePlaylist(playlist: string, urls: ReadonlyMap<string, string>): string {
  const url = (uri: string) => {
    const to = urls.get(uri);
    if (to === undefined) throw new Error(`No URL for "${uri}"`);
    return to;
  };
  return playlist.split("\n").map((line) => {
    const map = MAP_URI.exec(line);
    if (map) return `${map[1]}${url(map[2]!)}${map[3]}`;
    return line.trim() !== "" && !line.startsWith("#") ? url(line.trim()) : line;
  }).join("\n");
}

/**
 * How long the signed segment URLs of a replay stay valid: long enough to watch it from
 * start to end with pauses, at most the 7 days a presigned URL allows.
 */
export function segmentUrlTtlSec(durationMs: number): number {
  return Math.min(4 * 3600 + Math.ceil((2 * durationMs) / 1000), 604_800);
}

/** Whether a live stream whose last thumbnail was taken at `lastTakenAt` is due a new one. */
export function thumbnailDue(
  lastTakenAt: Date | null,
  at: Date,
  intervalMs = THUMBNAIL_INTERVAL_MS,
): boolean {
  return lastTakenAt === null || at.getTime() - lastTakenAt.getTime() >= intervalMs;
}

/** The blob keys of a stream's replay folder and thumbnail. */
export const replayKeys = {
  folder: (streamId: string) => `replays/${streamId}`,
  thumbnail: (streamId: string) => `thumbnails/${streamId}.jpg`,
};

/** The content type a replay's file is stored with, by its name. */
export function replayContentType(name: string): string {
  if (name.endsWith(".m3u8")) return "application/vnd.apple.mpegurl";
  if (name.endsWith(".m4s")) return "video/iso.segment";
  if (name.endsWith(".mp4")) return "video/mp4";
  if (name.endsWith(".jpg")) return "image/jpeg";
  return "application/octet-stream";
}

/** What the listings and the stream's page show of its media. */
export interface StreamMedia {
  /** When the newest live thumbnail was taken, if one was. */
  thumbnailTakenAt: Date | null;
  replay: { status: ReplayStatus; posterKey: string | null; readyAt: Date | null } | null;
}

/** The image a listing shows: the replay's poster once there is one, else the last thumbnail. */
export function listingImage(
  media: StreamMedia,
): { kind: "poster" | "thumbnail"; version: number } | null {
  const { replay, thumbnailTakenAt } = media;
  if (replay?.status === "ready" && replay.posterKey && replay.readyAt) {
    return { kind: "poster", version: replay.readyAt.getTime() };
  }
  return thumbnailTakenAt ? { kind: "thumbnail", version: thumbnailTakenAt.getTime() } : null;
}
