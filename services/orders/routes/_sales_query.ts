/**
 * What the sales routes share: the filters of their queries, who may ask for which
 * creator's lines, and the schemas they answer with.
 * @module
 */
import type { Principal } from "@marquee/auth";
import { HttpProblem, validationProblem, z } from "@marquee/http";
import type { DateRange, SalesScope } from "../db/sales.ts";
import { SAGA_STATUSES } from "../domain/saga_types.ts";
import { Price } from "./_schemas.ts";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day from 1900 on (the database's dates start at year 1). */
function isDay(text: string): boolean {
  if (!DAY.test(text) || text < "1900") return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** An IANA zone name (not an offset, which the database reads with the sign reversed). */
const ZONE_NAME = /^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+){1,2})$/;

function isTimeZone(text: string): boolean {
  if (!ZONE_NAME.test(text)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: text });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `read`, turning the database's "time zone not recognized" (a zone the browser knows
 * and its time zone data does not) into a 422 naming `query.tz`.
 */
export async function inTimeZone<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if ((error as { code?: string }).code !== "22023") throw error;
    throw validationProblem([{ field: "query.tz", message: "Unknown time zone" }]);
  }
}

const Day = z.string().refine(isDay, "Enter a date as YYYY-MM-DD");

/** Filters every sales route takes. */
export const SalesFilters = z.object({
  productId: z.string().uuid().optional().describe("One product's lines"),
  from: Day.optional().describe("Orders placed on or after this day (in `tz`)"),
  to: Day.optional().describe("Orders placed on or before this day (in `tz`)"),
  tz: z.string().max(64).refine(isTimeZone, "Unknown time zone").default("UTC")
    .describe("The IANA time zone days are read in"),
  creatorId: z.string().min(1).max(100).optional().describe("Admins only: one creator's sales"),
});

/** The status filter of the list and the export. */
export const StatusFilter = z.enum([...SAGA_STATUSES, "ANY"]).default("COMPLETED");

/** The creator whose lines `principal` may read: their own, or any (or one) for admins. */
export function salesScope(
  principal: Principal,
  query: z.infer<typeof SalesFilters>,
): SalesScope & { range: DateRange } {
  const admin = principal.roles.includes("admin");
  if (!admin && !principal.roles.includes("creator")) {
    throw new HttpProblem(403, "Only creators and admins have sales");
  }
  if (query.creatorId !== undefined && !admin) {
    throw validationProblem([{ field: "query.creatorId", message: "Only admins may set it" }]);
  }
  if (query.from && query.to && query.from > query.to) {
    throw validationProblem([{ field: "query.to", message: "Choose a day on or after the start" }]);
  }
  return {
    creatorId: admin ? query.creatorId ?? null : principal.userId,
    productId: query.productId ?? null,
    range: { from: query.from ?? null, to: query.to ?? null, tz: query.tz },
  };
}

/** One sold line. */
export const Sale = z.object({
  orderId: z.string().uuid(),
  status: z.enum(SAGA_STATUSES),
  placedAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  paidAt: z.string().datetime().nullable(),
  buyerName: z.string().nullable().describe("Null until the buyer's name is known here"),
  productId: z.string().uuid(),
  title: z.string(),
  type: z.string(),
  creatorId: z.string(),
  quantity: z.number().int(),
  unitPrice: Price,
  discount: Price,
  lineTotal: Price.describe("What the buyer paid for the line"),
}).openapi("Sale");

/** The totals of one period in one currency. */
export const SalesTotals = z.object({
  currency: z.string(),
  sales: z.number().int(),
  units: z.number().int(),
  gross: z.number().int(),
  discounts: z.number().int(),
  refunds: z.number().int(),
  net: z.number().int(),
}).openapi("SalesTotals");

/** Totals per period. */
export const SalesSummary = z.object({
  tz: z.string(),
  periods: z.array(z.object({
    key: z.enum(["today", "7d", "30d", "all", "range"]),
    from: z.string().datetime().nullable(),
    to: z.string().datetime().nullable(),
    totals: z.array(SalesTotals),
  })),
}).openapi("SalesSummary");
