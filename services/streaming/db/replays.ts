/**
 * Queries on `replays` and `stream_thumbnails`.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import type { ReplayStatus, StreamMedia } from "../domain/replay.ts";

/** A replay as stored. */
export interface Replay {
  streamId: string;
  status: ReplayStatus;
  attempts: number;
  playlistKey: string | null;
  posterKey: string | null;
  durationMs: number | null;
  readyAt: Date | null;
}

/** Asks for the stream's replay; a stream that has one already keeps it as it is. */
export async function requestReplay(tx: Tx, streamId: string, at: Date): Promise<void> {
  await tx`insert into replays (stream_id, status, next_attempt_at, created_at, updated_at)
    values (${streamId}, 'pending', ${at}, ${at}, ${at})
    on conflict (stream_id) do nothing`;
}

/**
 * Claims the pending replay due soonest: counts the attempt and leases it until
 * `leaseUntil`, so another builder passes it by meanwhile. Undefined when none is due.
 */
export async function claimReplay(
  sql: Sql,
  now: Date,
  leaseUntil: Date,
): Promise<Replay | undefined> {
  const [row] = await sql<Replay[]>`update replays
    set attempts = attempts + 1, next_attempt_at = ${leaseUntil}, updated_at = ${now}
    where stream_id = (select stream_id from replays
      where status = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at limit 1 for update skip locked)
    returning stream_id, status, attempts, playlist_key, poster_key, duration_ms, ready_at`;
  return row;
}

/** What a finished build stored. */
export interface BuiltReplay {
  playlistKey: string;
  posterKey: string | null;
  durationMs: number;
  segmentCount: number;
}

/** Marks a pending replay ready; false when it was not pending (another build finished it). */
export async function markReplayReady(
  tx: Tx,
  streamId: string,
  built: BuiltReplay,
  at: Date,
): Promise<boolean> {
  const rows = await tx`update replays set status = 'ready', playlist_key = ${built.playlistKey},
      poster_key = ${built.posterKey}, duration_ms = ${built.durationMs},
      segment_count = ${built.segmentCount}, last_error = null, ready_at = ${at},
      updated_at = ${at}
    where stream_id = ${streamId} and status = 'pending'`;
  return rows.count === 1;
}

/** Puts a claimed build back, its attempt not counted: the recording is not finished yet. */
export async function deferReplay(sql: Sql, streamId: string, until: Date, at: Date) {
  await sql`update replays set attempts = greatest(attempts - 1, 0), next_attempt_at = ${until},
      updated_at = ${at}
    where stream_id = ${streamId} and status = 'pending'`;
}

/** Records a failed build: tried again at `nextAttemptAt`, or failed for good. */
export async function markReplayFailed(
  sql: Sql,
  streamId: string,
  next: { status: "pending"; nextAttemptAt: Date } | { status: "failed" },
  error: string,
  at: Date,
): Promise<void> {
  const nextAttemptAt = next.status === "pending" ? next.nextAttemptAt : at;
  await sql`update replays set status = ${next.status}, next_attempt_at = ${nextAttemptAt},
      last_error = ${error.slice(0, 2000)}, updated_at = ${at}
    where stream_id = ${streamId} and status = 'pending'`;
}

/** The stream's replay, if one was asked for. */
export async function findReplay(sql: Sql | Tx, streamId: string): Promise<Replay | undefined> {
  const [row] = await sql<Replay[]>`select stream_id, status, attempts, playlist_key,
      poster_key, duration_ms, ready_at
    from replays where stream_id = ${streamId}`;
  return row;
}

/** When the stream's newest thumbnail was taken, if ever. */
export async function thumbnailTakenAt(sql: Sql, streamId: string): Promise<Date | null> {
  const [row] = await sql<{ takenAt: Date }[]>`select taken_at from stream_thumbnails
    where stream_id = ${streamId}`;
  return row?.takenAt ?? null;
}

/** Records a new thumbnail of the stream, stored under `key`. */
export async function saveThumbnail(sql: Sql, streamId: string, key: string, at: Date) {
  await sql`insert into stream_thumbnails (stream_id, blob_key, taken_at)
    values (${streamId}, ${key}, ${at})
    on conflict (stream_id) do update set blob_key = excluded.blob_key, taken_at = excluded.taken_at`;
}

/** The thumbnail's blob key, if the stream has one. */
export async function thumbnailKeyOf(sql: Sql, streamId: string): Promise<string | undefined> {
  const [row] = await sql<{ blobKey: string }[]>`select blob_key from stream_thumbnails
    where stream_id = ${streamId}`;
  return row?.blobKey;
}

/** The media of each stream (thumbnail, replay), for its JSON; every id is in the map. */
export async function mediaOf(
  sql: Sql,
  streamIds: readonly string[],
): Promise<Map<string, StreamMedia>> {
  const media = new Map<string, StreamMedia>(
    streamIds.map((id) => [id, { thumbnailTakenAt: null, replay: null }]),
  );
  if (streamIds.length === 0) return media;
  const ids = sql.array(streamIds as string[]);
  const thumbnails = await sql<{ streamId: string; takenAt: Date }[]>`select stream_id, taken_at
    from stream_thumbnails where stream_id = any(${ids}::uuid[])`;
  for (const t of thumbnails) media.get(t.streamId)!.thumbnailTakenAt = t.takenAt;
  const replays = await sql<Replay[]>`select stream_id, status, poster_key, ready_at
    from replays where stream_id = any(${ids}::uuid[])`;
  for (const r of replays) {
    media.get(r.streamId)!.replay = {
      status: r.status,
      posterKey: r.posterKey,
      readyAt: r.readyAt,
    };
  }
  return media;
}
