/**
 * Queries on `idempotency_keys`.
 * @module
 */
import type { Tx } from "@marquee/db";

/** A key already used by a buyer. */
export interface IdempotencyRecord {
  requestHash: string;
  orderId: string;
}

/** The record of a buyer's key. */
export async function findKey(
  tx: Tx,
  buyerId: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  const [row] = await tx<IdempotencyRecord[]>`select request_hash, order_id from idempotency_keys
    where buyer_id = ${buyerId} and key = ${key}`;
  return row;
}

/** Records a key; false when the buyer used it already (a concurrent request won). */
export async function insertKey(
  tx: Tx,
  record: { buyerId: string; key: string; requestHash: string; orderId: string; at: Date },
): Promise<boolean> {
  const rows =
    await tx`insert into idempotency_keys (buyer_id, key, request_hash, order_id, created_at)
    values (${record.buyerId}, ${record.key}, ${record.requestHash}, ${record.orderId}, ${record.at})
    on conflict do nothing returning 1`;
  return rows.length > 0;
}
