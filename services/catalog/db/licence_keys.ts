/**
 * Queries on `licence_keys`, the pools of software products.
 * @module
 */
import type { Tx } from "@marquee/db";

/** Adds keys to a product's pool, skipping ones it already has; the number added. */
export async function addLicenceKeys(
  tx: Tx,
  productId: string,
  keys: string[],
  at: Date,
): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await tx`insert into licence_keys (product_id, key, created_at)
    select ${productId}, k, ${at} from unnest(${tx.array(keys)}::text[]) as k
    on conflict (product_id, key) do nothing returning 1`;
  return rows.length;
}

/** Keys in a product's pool, handed out or not. */
export async function countLicenceKeys(tx: Tx, productId: string): Promise<number> {
  const [row] = await tx<{ n: number }[]>`select count(*)::int as n from licence_keys
    where product_id = ${productId}`;
  return row!.n;
}

/** Hands `quantity` free keys of the product to a committed hold; the number handed. */
export async function assignLicenceKeys(
  tx: Tx,
  productId: string,
  holdId: string,
  quantity: number,
): Promise<number> {
  const rows = await tx`update licence_keys set hold_id = ${holdId}
    where id in (select id from licence_keys where product_id = ${productId} and hold_id is null
      order by id limit ${quantity} for update)
    returning 1`;
  return rows.length;
}

/** The licence keys a committed hold drew from the pool, oldest first. */
export async function keysOfHold(tx: Tx, holdId: string): Promise<string[]> {
  const rows = await tx<{ key: string }[]>`select key from licence_keys
    where hold_id = ${holdId} order by id`;
  return rows.map((r) => r.key);
}

/** Keys in a product's pool not yet handed to a buyer. */
export async function countUnassignedLicenceKeys(tx: Tx, productId: string): Promise<number> {
  const [row] = await tx<{ n: number }[]>`select count(*)::int as n from licence_keys
    where product_id = ${productId} and hold_id is null`;
  return row!.n;
}
