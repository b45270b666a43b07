/**
 * Sales: order lines as creators see them, read from `order_views` (each view's lines carry
 * the product's `creatorId`, so no other table is needed), with the buyer's display name
 * from the `user_names` projection. Newest order first, then the lines of one order in their
 * order. Totals per period are summed by the database, in each currency.
 * @module
 */
import type { Sql } from "@marquee/db";
import type { Money, OrderLine } from "@marquee/contracts";
import type { SagaStatus } from "../domain/saga_types.ts";
import type { OrderView } from "../domain/view.ts";

/** One sold line and the order it belongs to. */
export interface SaleRow {
  orderId: string;
  status: SagaStatus;
  placedAt: string;
  updatedAt: string;
  paidAt: string | null;
  buyerId: string;
  /** The buyer's display name, null until the projection has heard of them. */
  buyerName: string | null;
  /** Position of the line in its order, from 1. */
  lineNo: number;
  line: OrderLine;
  /** What the line came to before any discount. */
  gross: Money;
  /** The discount on the line (zero when none). */
  discount: Money;
  /** What the buyer paid for the line. */
  total: Money;
}

/** A position in the sales list: after this line of this order. */
export interface SalesCursor {
  placedAt: string;
  orderId: string;
  lineNo: number;
}

/** Dates (`YYYY-MM-DD`, both included) read as days in the time zone `tz`. */
export interface DateRange {
  from: string | null;
  to: string | null;
  tz: string;
}

/** Which lines: one creator's (all creators' when null), one product's, placed in a range. */
export interface SalesScope {
  creatorId: string | null;
  productId?: string | null;
  /** One order's lines. */
  orderId?: string | null;
  range?: DateRange;
}

/** What to list: the lines of a scope in one status or any. */
export interface SalesFilter extends SalesScope {
  status: SagaStatus | null;
  after?: SalesCursor;
  limit: number;
}

/** Statuses of paid orders, counted in totals. */
export const PAID_STATUSES: readonly SagaStatus[] = [
  "GRANTING",
  "COMPLETED",
  "REFUNDING",
  "REFUNDED",
];
/** Statuses of paid orders whose money went (or is going) back. */
export const REFUNDED_STATUSES: readonly SagaStatus[] = ["REFUNDING", "REFUNDED"];

/**
 * The lines of `scope` with their amounts. A line's discount (minor units a code took off
 * it) is absent on orders placed before discount codes, and reads as zero there.
 */
function scopedLines(sql: Sql, scope: SalesScope) {
  const { creatorId, productId, orderId, range } = scope;
  // Containment first, so the GIN index on the lines finds the creator's orders.
  const byCreator = creatorId === null
    ? sql``
    : sql`and v.view->'lines' @> ${
      sql.json([{ creatorId }] as never)
    } and l.line->>'creatorId' = ${creatorId}`;
  const byProduct = productId ? sql`and l.line->>'productId' = ${productId}` : sql``;
  const byOrder = orderId ? sql`and v.order_id = ${orderId}` : sql``;
  const from = range?.from
    ? sql`and v.placed_at >= (${range.from}::date)::timestamp at time zone ${range.tz}`
    : sql``;
  const to = range?.to
    ? sql`and v.placed_at < (${range.to}::date + 1)::timestamp at time zone ${range.tz}`
    : sql``;
  return sql`select v.order_id, v.buyer_id, v.status, v.placed_at, v.updated_at, v.paid_at,
      v.view, l.n, l.line,
      (l.line->'unitPrice'->>'amount')::bigint * (l.line->>'quantity')::bigint as gross,
      case jsonb_typeof(l.line->'discount') when 'number' then (l.line->>'discount')::bigint
        else 0 end as discount,
      l.line->'unitPrice'->>'currency' as currency
    from order_views v
    cross join lateral jsonb_array_elements(v.view->'lines') with ordinality as l(line, n)
    where true ${byCreator} ${byProduct} ${byOrder} ${from} ${to}`;
}

/** Sold lines matching `filter`, newest order first. */
export async function listSales(sql: Sql, filter: SalesFilter): Promise<SaleRow[]> {
  const { status, after, limit } = filter;
  const byStatus = status === null ? sql`` : sql`and s.status = ${status}`;
  const afterCursor = after
    ? sql`and ((s.placed_at, s.order_id) < (${after.placedAt}, ${after.orderId})
        or ((s.placed_at, s.order_id) = (${after.placedAt}, ${after.orderId})
          and s.n > ${after.lineNo}))`
    : sql``;
  const rows = await sql<
    {
      orderId: string;
      buyerId: string;
      status: SagaStatus;
      placedAt: string;
      updatedAt: string;
      paidAt: Date | null;
      n: string;
      line: OrderLine;
      gross: string;
      discount: string;
      currency: string;
      buyerName: string | null;
    }[]
  >`select s.order_id, s.buyer_id, s.status, s.view->>'placedAt' as placed_at,
      s.view->>'updatedAt' as updated_at, s.paid_at, s.n, s.line, s.gross, s.discount,
      s.currency, u.display_name as buyer_name
    from (${scopedLines(sql, filter)}) s
    left join user_names u on u.user_id = s.buyer_id
    where true ${byStatus} ${afterCursor}
    order by s.placed_at desc, s.order_id desc, s.n asc
    limit ${limit}`;
  return rows.map((r) => {
    const money = (amount: number) => ({ amount, currency: r.currency });
    const gross = Number(r.gross);
    const discount = Number(r.discount);
    return {
      orderId: r.orderId,
      status: r.status,
      placedAt: r.placedAt,
      updatedAt: r.updatedAt,
      paidAt: r.paidAt ? r.paidAt.toISOString() : null,
      buyerId: r.buyerId,
      buyerName: r.buyerName,
      lineNo: Number(r.n),
      line: r.line,
      gross: money(gross),
      discount: money(discount),
      total: money(gross - discount),
    };
  });
}

/** A period to sum: orders placed from `from` (null: ever) until `to` (null: now). */
export interface SalesPeriod {
  key: string;
  from: string | null;
  to: string | null;
}

/** The sums of one period in one currency, in minor units. */
export interface SalesTotals {
  currency: string;
  /** Paid lines. */
  sales: number;
  /** Units sold on those lines. */
  units: number;
  gross: number;
  discounts: number;
  refunds: number;
  /** What the buyers paid less what went back. */
  net: number;
}

/**
 * The starts of today, the last 7 days and the last 30 days (today included) in `tz` at
 * `now`, and the whole history; with a range, that range too.
 */
async function periods(sql: Sql, now: Date, tz: string, range?: DateRange) {
  const [row] = await sql<{ today: Date; week: Date; month: Date }[]>`
    select d::timestamp at time zone ${tz} as today,
      (d - interval '6 days')::timestamp at time zone ${tz} as week,
      (d - interval '29 days')::timestamp at time zone ${tz} as month
    from (select date_trunc('day', ${now}::timestamptz at time zone ${tz}) as d) b`;
  const list: SalesPeriod[] = [
    { key: "today", from: row!.today.toISOString(), to: null },
    { key: "7d", from: row!.week.toISOString(), to: null },
    { key: "30d", from: row!.month.toISOString(), to: null },
    { key: "all", from: null, to: null },
  ];
  if (range && (range.from || range.to)) {
    const [bounds] = await sql<{ from: Date | null; to: Date | null }[]>`select
      (${range.from}::date)::timestamp at time zone ${tz} as from,
      (${range.to}::date + 1)::timestamp at time zone ${tz} as to`;
    list.push({
      key: "range",
      from: bounds!.from?.toISOString() ?? null,
      to: bounds!.to?.toISOString() ?? null,
    });
  }
  return list;
}

/** Totals of paid lines in `scope` for each period, in each currency sold in. */
export async function summarizeSales(
  sql: Sql,
  scope: Omit<SalesScope, "range">,
  options: { now: Date; tz: string; range?: DateRange },
): Promise<{ period: SalesPeriod; totals: SalesTotals[] }[]> {
  const list = await periods(sql, options.now, options.tz, options.range);
  const rows = await sql<
    {
      key: string;
      currency: string;
      sales: string;
      units: string;
      gross: string;
      discounts: string;
      refunds: string;
    }[]
  >`with periods as (
      select * from jsonb_to_recordset(${sql.json(list as never)})
        as p(key text, "from" timestamptz, "to" timestamptz)
    ), paid as (
      select * from (${scopedLines(sql, scope)}) s where s.status in ${sql([...PAID_STATUSES])}
    )
    select p.key, s.currency, count(*) as sales,
      sum((s.line->>'quantity')::bigint) as units, sum(s.gross) as gross,
      sum(s.discount) as discounts,
      coalesce(sum(s.gross - s.discount) filter (where s.status in ${
    sql([...REFUNDED_STATUSES])
  }), 0) as refunds
    from periods p
    join paid s on (p."from" is null or s.placed_at >= p."from")
      and (p."to" is null or s.placed_at < p."to")
    group by p.key, s.currency
    order by s.currency`;
  return list.map((period) => ({
    period,
    totals: rows.filter((r) => r.key === period.key).map((r) => {
      const gross = Number(r.gross);
      const discounts = Number(r.discounts);
      const refunds = Number(r.refunds);
      return {
        currency: r.currency,
        sales: Number(r.sales),
        units: Number(r.units),
        gross,
        discounts,
        refunds,
        net: gross - discounts - refunds,
      };
    }),
  }));
}

/** The display names of `userIds` that the projection knows. */
export async function displayNames(sql: Sql, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await sql<{ userId: string; displayName: string }[]>`select user_id, display_name
    from user_names where user_id = any(${userIds})`;
  return new Map(rows.map((r) => [r.userId, r.displayName]));
}

/** A paid order's view with when it was paid, for its receipt. */
export async function findPaidOrder(
  sql: Sql,
  orderId: string,
): Promise<{ view: OrderView; paidAt: Date | null } | undefined> {
  const [row] = await sql<{ view: OrderView; paidAt: Date | null }[]>`select view, paid_at
    from order_views where order_id = ${orderId}`;
  return row;
}
