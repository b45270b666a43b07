/**
 * Queries on `order_views`, the read model. The view is written in the transaction that
 * saves the saga's state, announced on {@linkcode VIEWS_CHANNEL} to the live hub of every
 * instance once that transaction commits.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import { announce } from "@marquee/live";
import type { SagaStatus } from "../domain/saga_types.ts";
import type { OrderView } from "../domain/view.ts";

/** Stores `view` unless the stored one is as new or newer; whether it was stored. */
export async function upsertView(tx: Tx, view: OrderView): Promise<boolean> {
  const rows = await tx`insert into order_views
      (order_id, buyer_id, status, view, version, placed_at, updated_at)
    values (${view.id}, ${view.buyerId}, ${view.status}, ${tx.json(view as never)}, ${view.version},
      ${view.placedAt}, ${view.updatedAt})
    on conflict (order_id) do update set status = excluded.status, view = excluded.view,
      version = excluded.version, updated_at = excluded.updated_at
      where order_views.version < excluded.version
    returning 1`;
  return rows.length > 0;
}

/** The live channel a changed view's order id is announced on. */
export const VIEWS_CHANNEL = "order_views";

/** Stores `view` like {@linkcode upsertView} and, when stored, announces it after commit. */
export async function writeView(tx: Tx, view: OrderView): Promise<boolean> {
  const stored = await upsertView(tx, view);
  if (stored) await announce(tx, VIEWS_CHANNEL, view.id);
  return stored;
}

/** The views of `orderIds` (those that exist). */
export async function findViews(sql: Tx, orderIds: string[]): Promise<OrderView[]> {
  if (orderIds.length === 0) return [];
  const rows = await sql<{ view: OrderView }[]>`select view from order_views
    where order_id = any(${orderIds}::uuid[])`;
  return rows.map((r) => r.view);
}

/** One order's view. */
export async function findView(sql: Tx, orderId: string): Promise<OrderView | undefined> {
  const [row] = await sql<{ view: OrderView }[]>`select view from order_views
    where order_id = ${orderId}`;
  return row?.view;
}

/** A position in a buyer's list: after this order. */
export interface ViewCursor {
  placedAt: string;
  id: string;
}

/** A buyer's orders, newest first, after `cursor`. */
export async function listViews(
  sql: Sql,
  buyerId: string,
  options: { after?: ViewCursor; limit: number },
): Promise<OrderView[]> {
  const { after, limit } = options;
  const rows = after
    ? await sql<{ view: OrderView }[]>`select view from order_views
      where buyer_id = ${buyerId} and (placed_at, order_id) < (${after.placedAt}, ${after.id})
      order by placed_at desc, order_id desc limit ${limit}`
    : await sql<{ view: OrderView }[]>`select view from order_views where buyer_id = ${buyerId}
      order by placed_at desc, order_id desc limit ${limit}`;
  return rows.map((r) => r.view);
}

/** Statuses of an order still on its way to completing, whose items are still in the cart. */
const OPEN_STATUSES: SagaStatus[] = ["PENDING", "RESERVING", "AWAITING_PAYMENT", "GRANTING"];

/** The buyer's latest order still being processed, if any. */
export async function findOpenOrder(sql: Sql, buyerId: string): Promise<string | null> {
  // Columns come back camel-cased.
  const [row] = await sql<{ orderId: string }[]>`select order_id from order_views
    where buyer_id = ${buyerId} and status = any(${sql.array(OPEN_STATUSES)}::text[])
    order by placed_at desc, order_id desc limit 1`;
  return row?.orderId ?? null;
}
