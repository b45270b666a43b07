/**
 * Queries of the reminder job on `streams.reminded_at`.
 * @module
 */
import type { Tx } from "@marquee/db";
import type { Stream } from "../domain/stream.ts";
import { findStream } from "./streams.ts";

/**
 * Scheduled streams starting between `now` and `until` that were not reminded yet, locked
 * for this transaction; rows another replica holds are skipped.
 */
export async function streamsToRemind(
  tx: Tx,
  now: Date,
  until: Date,
  limit: number,
): Promise<Stream[]> {
  const rows = await tx<{ id: string }[]>`select id from streams
    where status = 'scheduled' and reminded_at is null
      and scheduled_start > ${now} and scheduled_start <= ${until}
    order by scheduled_start limit ${limit} for update skip locked`;
  const streams = await Promise.all(rows.map((r) => findStream(tx, r.id)));
  return streams.filter((s) => s !== undefined);
}

/** Stamps streams as reminded. */
export async function markReminded(tx: Tx, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx`update streams set reminded_at = ${at} where id = any(${ids}::uuid[])`;
}
