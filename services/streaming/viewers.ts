/**
 * Keeping a stream's viewer counts: a recount reads who is present, takes the media
 * server's readers (given, or as stored at its last look), writes the counts and, when they
 * changed, announces the stream on the live channel so every instance's event streams send
 * them. Status changes are announced on the same channel (`stream_commands.ts`).
 * @module
 */
import type { Sql } from "@marquee/db";
import { announce } from "@marquee/live";
import { lockCounts, presence, saveCounts } from "./db/viewers.ts";
import { countsChanged, nextCounts, PRESENCE_TTL_MS, type ViewerCounts } from "./domain/viewers.ts";
import { findStream } from "./db/streams.ts";

/** The live-update channel of streams: announcements name a stream id. */
export const LIVE_CHANNEL = "streaming_live";

/** Whether a stream of this status is on the air (its viewers count). */
export const onAir = (status: string) => status === "live" || status === "reconnecting";

/**
 * Recounts a stream's viewers at `at`; `readers` is the media server's count when it was
 * just asked. Returns the counts, or undefined for a stream that does not exist.
 */
export async function recount(
  sql: Sql,
  streamId: string,
  at: Date,
  readers?: number,
): Promise<ViewerCounts | undefined> {
  const stream = await findStream(sql, streamId);
  if (!stream) return undefined;
  return await sql.begin(async (tx) => {
    const before = await lockCounts(tx, streamId, at);
    const seen = await presence(tx, streamId, new Date(at.getTime() - PRESENCE_TTL_MS));
    const mediaReaders = readers ?? before.mediaReaders;
    const after = nextCounts(before, {
      ...seen,
      readers: mediaReaders,
      onAir: onAir(stream.status),
    });
    if (countsChanged(before, after) || mediaReaders !== before.mediaReaders) {
      await saveCounts(tx, streamId, { ...after, mediaReaders }, at);
    }
    if (countsChanged(before, after)) await announce(tx, LIVE_CHANNEL, streamId);
    return after;
  });
}
