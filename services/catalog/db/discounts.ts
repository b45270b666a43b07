/**
 * Queries on `discount_codes` and `discount_redemptions`. A redemption locks its code's row
 * first, so concurrent orders are counted one after the other and a code is never used past
 * its limit; it is keyed by the order, so a retried request finds the first.
 * @module
 */
import type { Tx } from "@marquee/db";
import type { DiscountCode, DiscountKind } from "../domain/discounts.ts";

/** A stored discount code. */
export interface DiscountRow extends DiscountCode {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A stored redemption. */
export interface RedemptionRow {
  orderId: string;
  codeId: string;
  code: string;
  lines: Array<{ productId: string; discount: number }>;
  amount: number;
  currency: string;
  status: "redeemed" | "released";
}

/** The unique constraint a taken code violates. */
export const CODE_TAKEN = "discount_codes_code_key";

const columns = (tx: Tx) =>
  tx`d.id, d.creator_id, d.code, d.kind, d.percent_off, d.amount_off, d.currency,
    d.product_ids, d.max_redemptions, d.redemptions, d.expires_at, d.active, d.created_at,
    d.updated_at`;

function toRow(raw: DiscountRow): DiscountRow {
  return { ...raw, amountOff: raw.amountOff === null ? null : Number(raw.amountOff) };
}

/** What a creator gives to make a code. */
export interface NewCode {
  id: string;
  creatorId: string;
  code: string;
  kind: DiscountKind;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  productIds: string[];
  maxRedemptions: number | null;
  expiresAt: Date | null;
  at: Date;
}

/** Inserts a code; rejects with a unique violation on {@linkcode CODE_TAKEN}. */
export async function insertCode(tx: Tx, c: NewCode): Promise<void> {
  await tx`insert into discount_codes (id, creator_id, code, kind, percent_off, amount_off,
      currency, product_ids, max_redemptions, expires_at, created_at, updated_at)
    values (${c.id}, ${c.creatorId}, ${c.code}, ${c.kind}, ${c.percentOff}, ${c.amountOff},
      ${c.currency}, ${tx.array(c.productIds)}::uuid[], ${c.maxRedemptions}, ${c.expiresAt},
      ${c.at}, ${c.at})`;
}

/** A creator's codes, newest first. */
export async function listCodes(tx: Tx, creatorId: string): Promise<DiscountRow[]> {
  const rows = await tx<DiscountRow[]>`select ${columns(tx)} from discount_codes d
    where d.creator_id = ${creatorId} order by d.created_at desc, d.id limit 200`;
  return rows.map(toRow);
}

/** The code with this text (already normalized), locked until the transaction ends if asked. */
export async function findCode(
  tx: Tx,
  code: string,
  options: { lock?: boolean } = {},
): Promise<DiscountRow | undefined> {
  const [row] = options.lock
    ? await tx<DiscountRow[]>`select ${columns(tx)} from discount_codes d
      where d.code = ${code} for update`
    : await tx<DiscountRow[]>`select ${columns(tx)} from discount_codes d where d.code = ${code}`;
  return row && toRow(row);
}

/** Turns a creator's code off; the row after, or undefined when not theirs. */
export async function deactivateCode(
  tx: Tx,
  id: string,
  creatorId: string,
  at: Date,
): Promise<DiscountRow | undefined> {
  const [row] = await tx<DiscountRow[]>`update discount_codes d set active = false,
      updated_at = ${at}
    where d.id = ${id} and d.creator_id = ${creatorId}
    returning ${columns(tx)}`;
  return row && toRow(row);
}

/** The creator of each product id (ids not found are absent). */
export async function creatorsOf(tx: Tx, productIds: string[]): Promise<Map<string, string>> {
  const rows = await tx<{ id: string; creatorId: string }[]>`select id, creator_id from products
    where id = any(${tx.array(productIds)}::uuid[])`;
  return new Map(rows.map((r) => [r.id, r.creatorId]));
}

/** Product ids among `ids` that `creatorId` does not own. */
export async function notOwned(tx: Tx, ids: string[], creatorId: string): Promise<string[]> {
  const owners = await creatorsOf(tx, ids);
  return ids.filter((id) => owners.get(id) !== creatorId);
}

/** The redemption of an order, if any. */
export async function findRedemption(tx: Tx, orderId: string): Promise<RedemptionRow | undefined> {
  const [row] = await tx<RedemptionRow[]>`select r.order_id, r.code_id, d.code, r.lines,
      r.amount, r.currency, r.status
    from discount_redemptions r join discount_codes d on d.id = r.code_id
    where r.order_id = ${orderId}`;
  return row && { ...row, amount: Number(row.amount) };
}

/** Records a redemption and counts it on its code (whose row the caller has locked). */
export async function insertRedemption(
  tx: Tx,
  r: Omit<RedemptionRow, "status" | "code">,
  at: Date,
): Promise<void> {
  await tx`insert into discount_redemptions (order_id, code_id, lines, amount, currency, status,
      created_at, updated_at)
    values (${r.orderId}, ${r.codeId}, ${tx.json(r.lines)}, ${r.amount}, ${r.currency},
      'redeemed', ${at}, ${at})`;
  await tx`update discount_codes set redemptions = redemptions + 1 where id = ${r.codeId}`;
}

/** Releases an order's redemption and gives the use back; false when none was held. */
export async function releaseRedemption(tx: Tx, orderId: string, at: Date): Promise<boolean> {
  const [row] = await tx<{ codeId: string }[]>`update discount_redemptions
    set status = 'released', updated_at = ${at}
    where order_id = ${orderId} and status = 'redeemed'
    returning code_id`;
  if (!row) return false;
  await tx`update discount_codes set redemptions = redemptions - 1 where id = ${row.codeId}`;
  return true;
}
