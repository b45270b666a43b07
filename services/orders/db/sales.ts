/**
 * Sales: order lines as creators see them, read from `order_views` (each view's lines carry
 * the product's `creatorId`, so no other table is needed). Newest order first, then the
 * lines of one order in their order.
 * @module
 */
import type { Sql } from "@marquee/db";
import type { Money, OrderLine } from "@marquee/contracts";
import type { SagaStatus } from "../domain/saga_types.ts";

/** One sold line and the order it belongs to. */
export interface SaleRow {
  orderId: string;
  status: SagaStatus;
  placedAt: string;
  updatedAt: string;
  /** Position of the line in its order, from 1. */
  lineNo: number;
  line: OrderLine;
}

/** A position in the sales list: after this line of this order. */
export interface SalesCursor {
  placedAt: string;
  orderId: string;
  lineNo: number;
}

/** What to list: one creator's lines (all creators' when null) in one status or any. */
export interface SalesFilter {
  creatorId: string | null;
  status: SagaStatus | null;
  after?: SalesCursor;
  limit: number;
}

/** Sold lines matching `filter`, newest order first. */
export async function listSales(sql: Sql, filter: SalesFilter): Promise<SaleRow[]> {
  const { creatorId, status, after, limit } = filter;
  const byCreator = creatorId === null ? sql`` : sql`and l.line->>'creatorId' = ${creatorId}`;
  const byStatus = status === null ? sql`` : sql`and v.status = ${status}`;
  const afterCursor = after
    ? sql`and ((v.placed_at, v.order_id) < (${after.placedAt}, ${after.orderId})
        or ((v.placed_at, v.order_id) = (${after.placedAt}, ${after.orderId})
          and l.n > ${after.lineNo}))`
    : sql``;
  const rows = await sql<
    {
      orderId: string;
      status: SagaStatus;
      placedAt: string;
      updatedAt: string;
      n: string;
      line: OrderLine;
    }[]
  >`select v.order_id, v.status, v.view->>'placedAt' as placed_at,
      v.view->>'updatedAt' as updated_at, l.n, l.line
    from order_views v
    cross join lateral jsonb_array_elements(v.view->'lines') with ordinality as l(line, n)
    where true ${byCreator} ${byStatus} ${afterCursor}
    order by v.placed_at desc, v.order_id desc, l.n asc
    limit ${limit}`;
  return rows.map((r) => ({
    orderId: r.orderId,
    status: r.status,
    placedAt: r.placedAt,
    updatedAt: r.updatedAt,
    lineNo: Number(r.n),
    line: r.line,
  }));
}

/** A line's total: unit price times quantity. */
export function lineTotal(line: OrderLine): Money {
  return { amount: line.unitPrice.amount * line.quantity, currency: line.unitPrice.currency };
}
