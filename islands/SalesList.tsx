import { useEffect, useRef, useState } from "preact/hooks";
import type { Money, ProductList } from "./_lib/catalog_types.ts";
import { downloadFile } from "./_lib/download.ts";
import { FormMessage } from "./_lib/Field.tsx";
import { formatDate, formatPrice } from "./_lib/format.ts";
import { SessionGate } from "./_lib/Gate.tsx";
import { networkProblem, readProblem } from "./_lib/problem.ts";
import {
  browserTimeZone,
  isFiltered,
  NO_FILTERS,
  type SalesFilterState,
  salesQuery,
} from "./_lib/sales_query.ts";
import { type SalesPeriodTotals, SalesTotalsGrid } from "./_lib/SalesTotals.tsx";
import { authFetch, currentUser, isCreator, loadSession } from "./_lib/session.ts";
import { ShowMore } from "./_lib/ShowMore.tsx";

interface Sale {
  orderId: string;
  status: string;
  placedAt: string;
  buyerName: string | null;
  productId: string;
  title: string;
  quantity: number;
  discount: Money;
  lineTotal: Money;
}

interface Page {
  items: Sale[];
  nextCursor: string | null;
}

const STATUSES = [
  ["COMPLETED", "Completed"],
  ["REFUNDED", "Refunded"],
  ["ANY", "Any status"],
] as const;

const STATUS_LABELS: Record<string, string> = {
  COMPLETED: "Completed",
  REFUNDED: "Refunded",
  REFUNDING: "Refunding",
  CANCELLED: "Cancelled",
  FAILED: "Failed",
};

/**
 * A creator's sales: totals per period, the lines of their products newest first with each
 * buyer's name and a link to the order, filters (product, days, status) and a CSV export of
 * what the filters show.
 */
export default function SalesList() {
  const [filters, setFilters] = useState<SalesFilterState>(NO_FILTERS);
  const [page, setPage] = useState<Page | null>(null);
  const [periods, setPeriods] = useState<SalesPeriodTotals[] | null>(null);
  const [products, setProducts] = useState<{ id: string; title: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tz] = useState(browserTimeZone);
  // Answers to filters the creator has since changed are dropped.
  const latest = useRef(0);
  const user = currentUser.value;
  const allowed = isCreator(user);

  const read = async <T,>(url: string): Promise<T | null> => {
    const res = await authFetch(url);
    if (res.ok) return await res.json() as T;
    setError((await readProblem(res)).message);
    return null;
  };

  const load = async (cursor?: string) => {
    const request = ++latest.current;
    setBusy(true);
    setError(null);
    try {
      const query = salesQuery(filters, { tz, withStatus: true, cursor, limit: 25 });
      const next = await read<Page>(`/api/sales?${query}`);
      if (request !== latest.current) return;
      if (next) {
        setPage((prev) =>
          cursor && prev
            ? { items: [...prev.items, ...next.items], nextCursor: next.nextCursor }
            : next
        );
      }
      if (!cursor) {
        const summary = await read<{ periods: SalesPeriodTotals[] }>(
          `/api/sales/summary?${salesQuery(filters, { tz, withStatus: false })}`,
        );
        if (summary && request === latest.current) setPeriods(summary.periods);
      }
    } catch {
      setError(networkProblem().message);
    }
    setBusy(false);
  };

  useEffect(() => {
    void loadSession();
  }, []);
  useEffect(() => {
    if (!allowed) return;
    void read<ProductList>("/api/products?mine=true&limit=50").then((list) =>
      list && setProducts(list.items.map((p) => ({ id: p.id, title: p.title })))
    ).catch(() => {});
  }, [allowed]);
  useEffect(() => {
    if (allowed) void load();
  }, [allowed, filters]);

  if (!user) return <SessionGate user={user} next="/dashboard/sales" purpose="see your sales" />;
  if (!allowed) {
    return (
      <div class="notice">
        <p>Sales are for creators. Your account buys only.</p>
      </div>
    );
  }
  const set = (change: Partial<SalesFilterState>) => setFilters({ ...filters, ...change });
  const filtered = isFiltered(filters);
  const exportCsv = async () => {
    const query = salesQuery(filters, { tz, withStatus: true });
    setError(await downloadFile(`/api/sales/export.csv?${query}`, "marquee-sales.csv"));
  };

  return (
    <div class="stack">
      <form class="sales-filters" aria-label="Filter sales" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="sales-product">Product</label>
          <select
            id="sales-product"
            value={filters.productId}
            onChange={(e) => set({ productId: e.currentTarget.value })}
          >
            <option value="">All products</option>
            {products.map((p) => <option key={p.id} value={p.id}>{p.title}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="sales-from">From</label>
          <input
            id="sales-from"
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(e) => set({ from: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="sales-to">To</label>
          <input
            id="sales-to"
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => set({ to: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="sales-status">Status</label>
          <select
            id="sales-status"
            value={filters.status}
            onChange={(e) => set({ status: e.currentTarget.value })}
          >
            {STATUSES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
        <div class="sales-actions">
          {filtered
            ? (
              <button
                type="button"
                class="button button-quiet"
                onClick={() => setFilters(NO_FILTERS)}
              >
                Clear filters
              </button>
            )
            : null}
          <button
            type="button"
            class="button"
            disabled={!page || page.items.length === 0}
            onClick={() => void exportCsv()}
          >
            Export CSV
          </button>
        </div>
      </form>
      <FormMessage error={error} />
      <section aria-labelledby="sales-totals-heading">
        <h2 id="sales-totals-heading">Totals</h2>
        <p class="field-hint">
          {`Paid orders by the day they were placed, in your time zone (${tz}). Net is what buyers paid less refunds.`}
        </p>
        {periods
          ? <SalesTotalsGrid periods={periods} />
          : <p class="loading" role="status">Adding up your sales…</p>}
      </section>
      <section aria-labelledby="sales-list-heading">
        <h2 id="sales-list-heading">Sales</h2>
        {!page
          ? <p class="loading" role="status">Loading your sales…</p>
          : page.items.length === 0
          ? (
            <SalesEmpty
              filtered={filtered}
              hasProducts={products.length > 0}
              clear={() => setFilters(NO_FILTERS)}
            />
          )
          : (
            <>
              <table class="sales-table">
                <caption class="visually-hidden">Your sales, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col">Date</th>
                    <th scope="col">Buyer</th>
                    <th scope="col">Quantity</th>
                    <th scope="col">Paid</th>
                    <th scope="col">Order</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((sale) => (
                    <tr key={`${sale.orderId}-${sale.productId}`}>
                      <th scope="row">
                        <a href={`/dashboard/products/${sale.productId}`}>{sale.title}</a>
                        {sale.status !== "COMPLETED"
                          ? (
                            <span class="sale-status">
                              {STATUS_LABELS[sale.status] ?? sale.status}
                            </span>
                          )
                          : null}
                      </th>
                      <td data-label="Date">{formatDate(sale.placedAt)}</td>
                      <td data-label="Buyer">{sale.buyerName ?? "A buyer"}</td>
                      <td data-label="Quantity">{sale.quantity}</td>
                      <td data-label="Paid">
                        {formatPrice(sale.lineTotal)}
                        {sale.discount.amount > 0
                          ? <span class="sale-discount">{`${formatPrice(sale.discount)} off`}</span>
                          : null}
                      </td>
                      <td data-label="Order">
                        <a href={`/dashboard/sales/${sale.orderId}`}>
                          {`Order ${sale.orderId.slice(0, 8)}`}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ShowMore cursor={page.nextCursor} busy={busy} load={load} />
            </>
          )}
      </section>
    </div>
  );
}

/** No sales: what to do next, or how to see more when filters hide them. */
function SalesEmpty(
  { filtered, hasProducts, clear }: { filtered: boolean; hasProducts: boolean; clear: () => void },
) {
  if (filtered) {
    return (
      <div class="notice">
        <p>
          No sales match these filters.{" "}
          <button type="button" class="button button-quiet" onClick={clear}>Show all sales</button>
        </p>
      </div>
    );
  }
  return (
    <div class="notice empty-state">
      <p>
        No sales yet. When someone buys one of your products, the sale shows here with the buyer's
        name, and the totals above add up.
      </p>
      <p>
        {hasProducts
          ? <a class="button" href="/dashboard">Check your products are published</a>
          : <a class="button" href="/dashboard/products/new">Create your first product</a>}
      </p>
    </div>
  );
}
