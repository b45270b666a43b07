/**
 * Queries on `holds`: stock set aside for checkouts.
 * @module
 */
import type { Tx } from "@marquee/db";
import type postgres from "postgres";
import type { HoldStatus } from "../domain/inventory.ts";

/** A stored hold. */
export interface HoldRow {
  id: string;
  productId: string;
  quantity: number;
  status: HoldStatus;
  createdAt: Date;
  expiresAt: Date;
  updatedAt: Date;
}

/**
 * Units of `productId` taken at `now`: committed holds and held ones not yet expired, the
 * rule of `isActive` in `domain/inventory.ts`.
 */
export function takenUnitsSql(
  sql: Tx,
  productId: postgres.Fragment | string,
  now: Date,
): postgres.Fragment {
  return sql`(select coalesce(sum(h.quantity), 0)::int from holds h
    where h.product_id = ${productId}
      and (h.status = 'committed' or (h.status = 'held' and h.expires_at > ${now})))`;
}

/** Units of a product taken at `now`; lock the product first for a stable answer. */
export async function takenUnits(tx: Tx, productId: string, now: Date): Promise<number> {
  const [row] = await tx<{ taken: number }[]>`select ${takenUnitsSql(tx, productId, now)} as taken`;
  return row!.taken;
}

/** Inserts a hold unless its id exists; true when inserted. */
export async function insertHold(tx: Tx, hold: HoldRow): Promise<boolean> {
  const rows = await tx`insert into holds
      (id, product_id, quantity, status, created_at, expires_at, updated_at)
    values (${hold.id}, ${hold.productId}, ${hold.quantity}, ${hold.status}, ${hold.createdAt},
      ${hold.expiresAt}, ${hold.updatedAt})
    on conflict (id) do nothing returning 1`;
  return rows.length === 1;
}

/** The hold with this id; `lock` holds it until the transaction ends. */
export async function findHold(
  tx: Tx,
  id: string,
  options: { lock?: boolean } = {},
): Promise<HoldRow | undefined> {
  const [row] = options.lock
    ? await tx<HoldRow[]>`select * from holds where id = ${id} for update`
    : await tx<HoldRow[]>`select * from holds where id = ${id}`;
  return row;
}

/** Moves a hold to `status`. */
export async function setHoldStatus(
  tx: Tx,
  id: string,
  status: HoldStatus,
  at: Date,
): Promise<HoldRow> {
  const [row] = await tx<HoldRow[]>`update holds set status = ${status}, updated_at = ${at}
    where id = ${id} returning *`;
  return row!;
}

/**
 * Marks up to `limit` lapsed holds `expired` and returns them. Rows another sweeper is
 * working on are skipped, so replicas can sweep side by side.
 */
export async function expireDueHolds(tx: Tx, now: Date, limit: number): Promise<HoldRow[]> {
  return await tx<HoldRow[]>`update holds set status = 'expired', updated_at = ${now}
    where id in (select id from holds where status = 'held' and expires_at <= ${now}
      order by expires_at limit ${limit} for update skip locked)
    returning *`;
}

/** Puts the licence keys a returned hold drew back in its product's pool; the number freed. */
export async function freeKeysOfHold(tx: Tx, holdId: string): Promise<number> {
  const rows = await tx`update licence_keys set hold_id = null where hold_id = ${holdId}
    returning 1`;
  return rows.length;
}
