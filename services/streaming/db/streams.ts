/**
 * Queries on `streams` and `stream_keys`.
 * @module
 */
import type { StreamAccess } from "@marquee/contracts";
import type { Sql, Tx } from "@marquee/db";
import type { Stream } from "../domain/stream.ts";

interface StreamRow {
  id: string;
  creatorId: string;
  title: string;
  description: string;
  scheduledStart: Date;
  accessKind: StreamAccess["kind"];
  accessProductId: string | null;
  status: Stream["status"];
  startedAt: Date | null;
  endedAt: Date | null;
  reconnectDeadline: Date | null;
}

function toStream(row: StreamRow): Stream {
  const access: StreamAccess = row.accessKind === "free"
    ? { kind: "free" }
    : { kind: row.accessKind, productId: row.accessProductId! };
  return {
    id: row.id,
    creatorId: row.creatorId,
    title: row.title,
    description: row.description,
    scheduledStart: row.scheduledStart,
    access,
    status: row.status,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    reconnectDeadline: row.reconnectDeadline,
  };
}

/** The stream, if any. */
export async function findStream(sql: Sql | Tx, id: string): Promise<Stream | undefined> {
  const [row] = await sql<StreamRow[]>`select * from streams where id = ${id}`;
  return row ? toStream(row) : undefined;
}

/** The stream, locked for a change in `tx`. */
export async function lockStream(tx: Tx, id: string): Promise<Stream | undefined> {
  const [row] = await tx<StreamRow[]>`select * from streams where id = ${id} for update`;
  return row ? toStream(row) : undefined;
}

/** Writes a new stream and the hash of its key. */
export async function insertStream(
  tx: Tx,
  stream: Stream,
  keyHash: Uint8Array,
  at: Date,
): Promise<void> {
  await tx`insert into streams (id, creator_id, title, description, scheduled_start,
      access_kind, access_product_id, status, started_at, ended_at, reconnect_deadline,
      created_at, updated_at)
    values (${stream.id}, ${stream.creatorId}, ${stream.title}, ${stream.description},
      ${stream.scheduledStart}, ${stream.access.kind},
      ${stream.access.kind === "free" ? null : stream.access.productId}, ${stream.status},
      ${stream.startedAt}, ${stream.endedAt}, ${stream.reconnectDeadline}, ${at}, ${at})`;
  await tx`insert into stream_keys (stream_id, key_hash, rotated_at)
    values (${stream.id}, ${keyHash}, ${at})`;
}

/** Writes a stream's state after a change. */
export async function updateStream(tx: Tx, stream: Stream, at: Date): Promise<void> {
  await tx`update streams set title = ${stream.title}, description = ${stream.description},
      scheduled_start = ${stream.scheduledStart}, access_kind = ${stream.access.kind},
      access_product_id = ${stream.access.kind === "free" ? null : stream.access.productId},
      status = ${stream.status}, started_at = ${stream.startedAt}, ended_at = ${stream.endedAt},
      reconnect_deadline = ${stream.reconnectDeadline}, updated_at = ${at}
    where id = ${stream.id}`;
}

/** Replaces the stream's key hash. */
export async function replaceKey(tx: Tx, streamId: string, keyHash: Uint8Array, at: Date) {
  await tx`update stream_keys set key_hash = ${keyHash}, rotated_at = ${at}
    where stream_id = ${streamId}`;
}

/** The hash of the stream's current key. */
export async function keyHashOf(sql: Sql, streamId: string): Promise<Uint8Array | undefined> {
  const [row] = await sql<{ keyHash: Uint8Array }[]>`select key_hash from stream_keys
    where stream_id = ${streamId}`;
  return row?.keyHash;
}

/** Streams being watched now (live or reconnecting), newest first. */
export async function liveStreams(sql: Sql, limit: number): Promise<Stream[]> {
  const rows = await sql<StreamRow[]>`select * from streams
    where status in ('live', 'reconnecting') order by started_at desc, id limit ${limit}`;
  return rows.map(toStream);
}

/** How late a scheduled stream may be and still be listed as upcoming (starting late). */
const UPCOMING_LATE_MS = 60 * 60 * 1000;

/** Scheduled streams not more than an hour past their start, soonest first. */
export async function upcomingStreams(sql: Sql, now: Date, limit: number): Promise<Stream[]> {
  const rows = await sql<StreamRow[]>`select * from streams
    where status = 'scheduled' and scheduled_start > ${new Date(now.getTime() - UPCOMING_LATE_MS)}
    order by scheduled_start, id limit ${limit}`;
  return rows.map(toStream);
}

/** A creator's streams, newest scheduled first. */
export async function creatorStreams(sql: Sql, creatorId: string, limit: number) {
  const rows = await sql<StreamRow[]>`select * from streams where creator_id = ${creatorId}
    order by scheduled_start desc, id limit ${limit}`;
  return rows.map(toStream);
}

/** Ids of reconnecting streams whose grace period has run out, locked for the sweep. */
export async function dueStreams(tx: Tx, now: Date, limit: number): Promise<Stream[]> {
  const rows = await tx<StreamRow[]>`select * from streams
    where status = 'reconnecting' and reconnect_deadline <= ${now}
    order by reconnect_deadline limit ${limit} for update skip locked`;
  return rows.map(toStream);
}
