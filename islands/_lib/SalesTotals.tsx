import { formatDate, formatPrice } from "./format.ts";

/** Sums of one period in one currency, in minor units (`GET /api/sales/summary`). */
export interface SalesTotals {
  currency: string;
  sales: number;
  units: number;
  gross: number;
  discounts: number;
  refunds: number;
  net: number;
}

/** One period's totals. */
export interface SalesPeriodTotals {
  key: "today" | "7d" | "30d" | "all" | "range";
  from: string | null;
  to: string | null;
  totals: SalesTotals[];
}

const LABELS: Record<SalesPeriodTotals["key"], string> = {
  today: "Today",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  all: "All time",
  range: "Chosen days",
};

/** The last day of a range whose `to` is the start of the day after it. */
function rangeLabel(period: SalesPeriodTotals): string {
  const from = period.from ? formatDate(period.from) : "the start";
  const to = period.to ? formatDate(new Date(Date.parse(period.to) - 1).toISOString()) : "today";
  return `${from} – ${to}`;
}

/** Money in `currency`, where zero reads "$0.00" rather than "Free". */
function amount(minor: number, currency: string): string {
  if (minor !== 0) return formatPrice({ amount: minor, currency });
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(0);
  } catch {
    return `0 ${currency}`;
  }
}

/** Totals per period, each currency apart: net first, then what it is made of. */
export function SalesTotalsGrid({ periods }: { periods: SalesPeriodTotals[] }) {
  return (
    <ul class="sales-totals" role="list">
      {periods.map((period) => (
        <li key={period.key} class="sales-period">
          <h3>{LABELS[period.key]}</h3>
          {period.key === "range" ? <p class="sales-range">{rangeLabel(period)}</p> : null}
          {period.totals.length === 0
            ? <p class="sales-net">No sales</p>
            : period.totals.map((t) => (
              <div key={t.currency} class="sales-currency">
                <p class="sales-net">
                  {amount(t.net, t.currency)} <span>net</span>
                </p>
                <p class="sales-breakdown">
                  {`${t.sales} ${t.sales === 1 ? "sale" : "sales"} · ${
                    amount(t.gross - t.discounts, t.currency)
                  } paid`}
                  {t.discounts > 0 ? ` (after ${amount(t.discounts, t.currency)} off)` : ""}
                  {` · ${amount(t.refunds, t.currency)} refunded`}
                </p>
              </div>
            ))}
        </li>
      ))}
    </ul>
  );
}
