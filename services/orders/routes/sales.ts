/**
 * A creator's sales: `GET /api/sales` (the order lines of the caller's products, newest
 * order first, with cursor pagination), `GET /api/sales/summary` (totals per period in each
 * currency), `GET /api/sales/export.csv` (the same lines as CSV) and
 * `GET /api/sales/orders/{id}` (one order as its seller sees it: their lines only). Admins
 * see every creator's lines (or one creator's with `creatorId`). Every route takes the same
 * filters: product, days placed (read in `tz`) and, for lines, status.
 * @module
 */
import Papa from "papaparse";
import { type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter, cursorCodec, HttpProblem, z } from "@marquee/http";
import { listSales, type SaleRow, summarizeSales } from "../db/sales.ts";
import { SAGA_STATUSES } from "../domain/saga_types.ts";
import type { RouteDeps } from "./_deps.ts";
import {
  inTimeZone,
  Sale,
  SalesFilters,
  salesScope,
  SalesSummary,
  StatusFilter,
} from "./_sales_query.ts";
import { json, Price, problems } from "./_schemas.ts";

const SalesPage = z.object({ items: z.array(Sale), nextCursor: z.string().nullable() })
  .openapi("SalesPage");

const SalesQuery = SalesFilters.extend({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  status: StatusFilter,
});
const ExportQuery = SalesFilters.extend({ status: StatusFilter });

const SaleOrder = z.object({
  id: z.string().uuid(),
  status: z.enum(SAGA_STATUSES),
  placedAt: z.string().datetime(),
  paidAt: z.string().datetime().nullable(),
  buyerName: z.string().nullable(),
  lines: z.array(Sale),
  total: Price.describe("The seller's lines only"),
}).openapi("SaleOrder");

const cursors = cursorCodec(z.object({
  placedAt: z.iso.datetime({ offset: true }),
  orderId: z.guid(),
  lineNo: z.number().int().min(1).max(1000),
}));

/** Rows a CSV export holds at most; narrower filters export the rest. */
const EXPORT_MAX_ROWS = 10_000;
const BEARER = [{ bearer: [] }];

function toSale(r: SaleRow): z.infer<typeof Sale> {
  return {
    orderId: r.orderId,
    status: r.status,
    placedAt: r.placedAt,
    updatedAt: r.updatedAt,
    paidAt: r.paidAt,
    buyerName: r.buyerName,
    productId: r.line.productId,
    title: r.line.title,
    type: r.line.type,
    creatorId: r.line.creatorId,
    quantity: r.line.quantity,
    unitPrice: r.line.unitPrice,
    discount: r.discount,
    lineTotal: r.total,
  };
}

/** Minor units as the decimal a spreadsheet reads: 1250 USD → "12.50", 1250 JPY → "1250". */
function decimal(amount: number, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat("en-US", { style: "currency", currency })
      .resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown code keeps two digits.
  }
  return (amount / 10 ** digits).toFixed(digits);
}

/** Routes under `/api/sales`. */
export function salesRoutes(deps: Pick<RouteDeps, "sql" | "verifier" | "clock">) {
  const { sql, verifier, clock } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();
  const auth = requireAuth({ verifier });
  const refusals = problems({ 401: "Not signed in", 403: "Not a creator", 422: "Bad query" });

  router.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["sales"],
      summary: "Order lines of the caller's products (every product's for admins)",
      security: BEARER,
      middleware: [auth],
      request: { query: SalesQuery },
      responses: {
        200: { description: "One page, newest order first", content: json(SalesPage) },
        ...refusals,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const scope = salesScope(c.get("principal"), query);
      const after = cursors.decode(query.cursor);
      const rows = await inTimeZone(() =>
        listSales(sql, {
          ...scope,
          status: query.status === "ANY" ? null : query.status,
          after,
          limit: query.limit + 1,
        })
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor = rows.length > query.limit && last
        ? cursors.encode({ placedAt: last.placedAt, orderId: last.orderId, lineNo: last.lineNo })
        : null;
      c.header("cache-control", "private, no-store");
      return c.json({ items: page.map(toSale), nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/summary",
      tags: ["sales"],
      summary: "Totals of paid lines today, in 7 and 30 days, ever, and in the chosen days",
      security: BEARER,
      middleware: [auth],
      request: { query: SalesFilters },
      responses: {
        200: { description: "Totals per period, in each currency", content: json(SalesSummary) },
        ...refusals,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const { range, ...scope } = salesScope(c.get("principal"), query);
      const periods = await inTimeZone(() =>
        summarizeSales(sql, scope, { now: clock(), tz: query.tz, range })
      );
      c.header("cache-control", "private, no-store");
      return c.json({
        tz: query.tz,
        periods: periods.map(({ period, totals }) => ({
          key: period.key as "today" | "7d" | "30d" | "all" | "range",
          from: period.from,
          to: period.to,
          totals,
        })),
      }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/export.csv",
      tags: ["sales"],
      summary: "The filtered lines as CSV, newest first",
      security: BEARER,
      middleware: [auth],
      request: { query: ExportQuery },
      responses: {
        200: {
          description: "One row a line, with a header row",
          content: { "text/csv": { schema: z.string() } },
        },
        ...refusals,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const scope = salesScope(c.get("principal"), query);
      const rows = await inTimeZone(() =>
        listSales(sql, {
          ...scope,
          status: query.status === "ANY" ? null : query.status,
          limit: EXPORT_MAX_ROWS,
        })
      );
      const csv = Papa.unparse({
        fields: [
          "Date",
          "Order",
          "Status",
          "Buyer",
          "Product",
          "Product ID",
          "Quantity",
          "Unit price",
          "Discount",
          "Total",
          "Currency",
        ],
        data: rows.map((r) => {
          const currency = r.total.currency;
          return [
            r.placedAt,
            r.orderId,
            r.status,
            r.buyerName ?? "",
            r.line.title,
            r.line.productId,
            r.line.quantity,
            decimal(r.line.unitPrice.amount, currency),
            decimal(r.discount.amount, currency),
            decimal(r.total.amount, currency),
            currency,
          ];
        }),
      }, { escapeFormulae: true, newline: "\r\n" });
      const day = clock().toISOString().slice(0, 10);
      c.header("cache-control", "private, no-store");
      c.header("content-disposition", `attachment; filename="marquee-sales-${day}.csv"`);
      return c.body(csv, 200, { "content-type": "text/csv; charset=utf-8" });
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/orders/{id}",
      tags: ["sales"],
      summary: "One order as its seller sees it: the caller's lines only",
      security: BEARER,
      middleware: [auth],
      request: { params: z.object({ id: z.string().uuid() }) },
      responses: {
        200: {
          description: "The order's lines of the caller's products",
          content: json(SaleOrder),
        },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No line of the caller's in that order",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      const admin = principal.roles.includes("admin");
      if (!admin && !principal.roles.includes("creator")) {
        throw new HttpProblem(403, "Only creators and admins have sales");
      }
      const rows = await listSales(sql, {
        creatorId: admin ? null : principal.userId,
        orderId: id,
        status: null,
        limit: 1000,
      });
      const first = rows[0];
      if (!first) throw new HttpProblem(404, `No order "${id}" with your products`);
      c.header("cache-control", "private, no-store");
      return c.json({
        id,
        status: first.status,
        placedAt: first.placedAt,
        paidAt: first.paidAt,
        buyerName: first.buyerName,
        lines: rows.map(toSale),
        total: {
          amount: rows.reduce((sum, r) => sum + r.total.amount, 0),
          currency: first.total.currency,
        },
      }, 200);
    },
  );

  return router;
}
