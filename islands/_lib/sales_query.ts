/**
 * The sales page's filters and the query strings of the sales API they make.
 * @module
 */

/** What the creator filtered the sales by; empty strings for "any". */
export interface SalesFilterState {
  productId: string;
  /** `YYYY-MM-DD`, both days included. */
  from: string;
  to: string;
  /** A status of the API, or "ANY". */
  status: string;
}

/** No filter: every completed sale. */
export const NO_FILTERS: SalesFilterState = {
  productId: "",
  from: "",
  to: "",
  status: "COMPLETED",
};

/** Whether any filter narrows the sales beyond the default. */
export function isFiltered(filters: SalesFilterState): boolean {
  return filters.productId !== "" || filters.from !== "" || filters.to !== "" ||
    filters.status !== NO_FILTERS.status;
}

/** The time zone days are read in: the browser's own, else UTC. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/**
 * The query string of the sales API for `filters` (without `?`): `status` only where the
 * route takes it, the time zone whenever days are read.
 */
export function salesQuery(
  filters: SalesFilterState,
  options: { tz: string; withStatus: boolean; cursor?: string; limit?: number },
): string {
  const params = new URLSearchParams();
  if (filters.productId) params.set("productId", filters.productId);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (options.withStatus && filters.status) params.set("status", filters.status);
  params.set("tz", options.tz);
  if (options.limit) params.set("limit", String(options.limit));
  if (options.cursor) params.set("cursor", options.cursor);
  return params.toString();
}
