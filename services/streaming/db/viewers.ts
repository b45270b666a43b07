/**
 * Queries on `stream_presence`, `stream_viewer_counts` and `stream_takedowns`.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import { NO_VIEWERS, type ViewerCounts } from "../domain/viewers.ts";

/** Records a viewer's beat; the time of its previous beat, if it had one. */
export async function beat(
  sql: Sql | Tx,
  streamId: string,
  viewerId: string,
  at: Date,
): Promise<Date | undefined> {
  const [row] = await sql<{ previous: Date | null }[]>`with prev as (
      select last_seen_at from stream_presence
      where stream_id = ${streamId} and viewer_id = ${viewerId})
    insert into stream_presence (stream_id, viewer_id, first_seen_at, last_seen_at)
    values (${streamId}, ${viewerId}, ${at}, ${at})
    on conflict (stream_id, viewer_id) do update
      set last_seen_at = greatest(stream_presence.last_seen_at, excluded.last_seen_at)
    returning (select last_seen_at from prev) as previous`;
  return row?.previous ?? undefined;
}

/** Viewers of a stream present since `since`, and distinct viewers ever. */
export async function presence(tx: Tx, streamId: string, since: Date) {
  const [row] = await tx<{ present: number; distinct: number }[]>`select
      count(*) filter (where last_seen_at > ${since})::int as present,
      count(*)::int as distinct
    from stream_presence where stream_id = ${streamId}`;
  return row ?? { present: 0, distinct: 0 };
}

/** A stream's stored counts and media readers, locked for a recount in `tx`. */
export async function lockCounts(tx: Tx, streamId: string, at: Date) {
  // The row is made on first use, so two recounts of one stream queue on its lock.
  await tx`insert into stream_viewer_counts (stream_id, updated_at) values (${streamId}, ${at})
    on conflict (stream_id) do nothing`;
  const [row] = await tx<(ViewerCounts & { mediaReaders: number })[]>`select
      viewers, peak_viewers, total_viewers, media_readers
    from stream_viewer_counts where stream_id = ${streamId} for update`;
  return row ?? { ...NO_VIEWERS, mediaReaders: 0 };
}

/** Writes a stream's counts (and the media server's readers, when it was asked). */
export async function saveCounts(
  tx: Tx,
  streamId: string,
  counts: ViewerCounts & { mediaReaders: number },
  at: Date,
) {
  await tx`update stream_viewer_counts set viewers = ${counts.viewers},
      peak_viewers = ${counts.peakViewers}, total_viewers = ${counts.totalViewers},
      media_readers = ${counts.mediaReaders}, updated_at = ${at}
    where stream_id = ${streamId}`;
}

/** The counts of `ids` (streams never watched are absent). */
export async function countsOf(
  sql: Sql | Tx,
  ids: readonly string[],
): Promise<Map<string, ViewerCounts>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<(ViewerCounts & { streamId: string })[]>`select stream_id, viewers,
      peak_viewers, total_viewers
    from stream_viewer_counts where stream_id = any(${ids as string[]}::uuid[])`;
  return new Map(rows.map(({ streamId, ...counts }) => [streamId, counts]));
}

/** Streams still counted as watched though they are no longer on the air. */
export async function countedOffAir(sql: Sql, limit: number): Promise<string[]> {
  const rows = await sql<{ streamId: string }[]>`select c.stream_id from stream_viewer_counts c
    join streams s on s.id = c.stream_id
    where c.viewers > 0 and s.status not in ('live', 'reconnecting') limit ${limit}`;
  return rows.map((r) => r.streamId);
}

/** A takedown as audited. */
export interface Takedown {
  streamId: string;
  adminId: string;
  reason: string;
  takenAt: Date;
}

/** Records a takedown; the stream's earlier one when it already had one. */
export async function recordTakedown(tx: Tx, takedown: Takedown): Promise<Takedown> {
  await tx`insert into stream_takedowns (stream_id, admin_id, reason, taken_at)
    values (${takedown.streamId}, ${takedown.adminId}, ${takedown.reason}, ${takedown.takenAt})
    on conflict (stream_id) do nothing`;
  return (await takedownOf(tx, takedown.streamId))!;
}

/** The stream's takedown, if it was taken down. */
export async function takedownOf(sql: Sql | Tx, streamId: string): Promise<Takedown | undefined> {
  const [row] = await sql<Takedown[]>`select stream_id, admin_id, reason, taken_at
    from stream_takedowns where stream_id = ${streamId}`;
  return row;
}
