/**
 * Pure arithmetic and text for the checkout benchmark: percentiles, durations, pgbench's
 * report and its per-transaction log, and Markdown table rows.
 * @module
 */

/** The `q`-quantile (0..1) of `values` by nearest rank; NaN when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** p50, p95 and p99 of `values`. */
export function summarize(values: readonly number[]): { p50: number; p95: number; p99: number } {
  return {
    p50: percentile(values, 0.5),
    p95: percentile(values, 0.95),
    p99: percentile(values, 0.99),
  };
}

/** Seconds in `"30s"`, `"2m"` or a bare number of seconds; throws on anything else. */
export function parseSeconds(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m)?\s*$/.exec(text);
  if (!m) throw new Error(`Not a duration: "${text}" (use 30s, 2m or 30)`);
  const n = Number(m[1]);
  return m[2] === "m" ? n * 60 : n;
}

/** What pgbench prints at the end of a run. */
export interface PgbenchReport {
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  failed: number;
}

/** Reads tps, average latency and counts from pgbench's summary. */
export function parsePgbenchReport(text: string): PgbenchReport {
  const num = (re: RegExp) => {
    const m = re.exec(text);
    if (!m) throw new Error(`pgbench output lacks ${re}: ${text.slice(0, 500)}`);
    return Number(m[1]);
  };
  const failed = /number of failed transactions: (\d+)/.exec(text);
  return {
    tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
    latencyAvgMs: num(/latency average = ([\d.]+) ms/),
    transactions: num(/number of transactions actually processed: (\d+)/),
    failed: failed ? Number(failed[1]) : 0,
  };
}

/** Transaction latencies in ms from pgbench `--log` lines (`client tx µs script epoch µs`). */
export function parsePgbenchLog(text: string): number[] {
  const out: number[] = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 6) continue;
    const us = Number(fields[2]);
    if (Number.isFinite(us)) out.push(us / 1000);
  }
  return out;
}

/** Milliseconds with two decimals and a unit, or a dash for NaN. */
export function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)} ms` : "—";
}

/** One Markdown table row. */
export function row(cells: Array<string | number>): string {
  return `| ${cells.join(" | ")} |`;
}
