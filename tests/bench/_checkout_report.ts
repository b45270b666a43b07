/**
 * The checkout half of the benchmark's Markdown table, from the measured orders, the
 * outbox lags and the transaction counters.
 * @module
 */
import type { Outcome } from "./_checkout_load.ts";
import { ms, row, summarize } from "./_figures.ts";
import type { OutboxRow, XactCount } from "./_pg_stats.ts";
import { HOPS, splitStages } from "./_stages.ts";

/** What the report is made of. */
export interface CheckoutFigures {
  measured: Outcome[];
  /** Wall time of the measured phase, until its last order ended. */
  seconds: number;
  rows: OutboxRow[];
  /** Counters over an idle window of `idleSeconds`. */
  idleWindow: Map<string, XactCount>;
  idleSeconds: number;
  /** Counters over the measured phase plus the settle time after it. */
  spent: Map<string, XactCount>;
  spentSeconds: number;
}

const completed = (list: Outcome[]) => list.filter((o) => o.status === "COMPLETED");

function latency(what: string, list: Outcome[], seconds: number, pick: "client" | "recorded") {
  const done = completed(list);
  const values = done.map((o) => pick === "client" ? o.clientMs : o.recordedMs ?? NaN);
  const s = summarize(values);
  const rate = pick === "client" ? `${(done.length / seconds).toFixed(1)} orders/s` : "—";
  return row([what, rate, ms(s.p50), ms(s.p95), ms(s.p99), `${done.length} completed`]);
}

function errors(list: Outcome[]): string {
  const byStatus = new Map<string, number>();
  for (const o of list) {
    if (o.status === "COMPLETED") continue;
    const key = o.reason ? `${o.status} (${o.reason.slice(0, 60)})` : o.status;
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  }
  return [...byStatus].map(([k, n]) => `${n}× ${k}`).join("; ") || "none";
}

const sum = (m: Map<string, XactCount>) => [...m.values()].reduce((n, x) => n + x.commits, 0);

/** The header, the table's head and the checkout rows. */
export function checkoutReport(f: CheckoutFigures): string[] {
  const { measured, seconds } = f;
  const done = completed(measured);
  const failed = measured.length - done.length;
  const lines = [
    row(["what", "rate", "p50", "p95", "p99", "notes"]),
    row(["---", "---", "---", "---", "---", "---"]),
    latency(
      "checkout, POST → COMPLETED read on the order's SSE stream",
      measured,
      seconds,
      "client",
    ),
    latency("same orders, as recorded (updatedAt − placedAt)", measured, seconds, "recorded"),
  ];
  for (const kind of ["unlimited", "limited"]) {
    const label = kind === "limited"
      ? "limited item (hold reserved, then committed), SSE"
      : "unlimited item (no hold), SSE";
    lines.push(latency(label, measured.filter((o) => o.kind === kind), seconds, "client"));
  }
  const polled = done.filter((o) => o.via === "poll").length;
  lines.push(row([
    "errors",
    String(failed),
    "—",
    "—",
    "—",
    `${errors(measured)}; ends seen by the fallback poll instead of SSE: ${polled}`,
  ]));

  const published = f.rows.flatMap((r) => r.publishedMs === null ? [] : [r]);
  const lag = (list: OutboxRow[]) => list.map((r) => r.publishedMs! - r.createdMs);
  const s = summarize(lag(published));
  const perDb = [...new Set(published.map((r) => r.database))].map((db) => {
    const own = published.filter((r) => r.database === db);
    return `${db} ${own.length} rows p99 ${ms(summarize(lag(own)).p99)}`;
  });
  const unpublished = f.rows.length - published.length;
  // Rows that waited out the relay's 1 s fallback poll: their NOTIFY woke nobody.
  const slow = lag(published).filter((v) => v >= 900).length;
  lines.push(row([
    "outbox relay lag (published_at − created_at), every service",
    `${published.length} rows`,
    ms(s.p50),
    ms(s.p95),
    ms(s.p99),
    `${perDb.join(", ")}; ${slow} rows (${
      (100 * slow / Math.max(1, published.length)).toFixed(1)
    }%) waited ≥ 900 ms${unpublished ? `; ${unpublished} unpublished` : ""}`,
  ]));

  const spent = sum(f.spent);
  const idle = sum(f.idleWindow) / f.idleSeconds * f.spentSeconds;
  const perDbX = [...f.spent].filter(([, x]) => x.commits > 0)
    .map(([db, x]) => `${db} ${(x.commits / Math.max(1, done.length)).toFixed(1)}`);
  lines.push(row([
    "database transactions per checkout (xact_commit deltas)",
    (spent / Math.max(1, done.length)).toFixed(1),
    "—",
    "—",
    "—",
    `${perDbX.join(", ")}; idle background ≈ ${
      (idle / Math.max(1, done.length)).toFixed(1)
    } of them (${(sum(f.idleWindow) / f.idleSeconds).toFixed(1)}/s when idle)`,
  ]));
  return lines;
}

/** A second table: the completed orders' path hop by hop, per kind of item. */
export function stagesReport(measured: Outcome[], rows: OutboxRow[]): string[] {
  const lines = [
    row([
      "hop (times from the outbox rows and the buyer's clock)",
      "unlimited p50 / p99",
      "limited p50 / p99",
    ]),
    row(["---", "---", "---"]),
  ];
  const byKind = ["unlimited", "limited"].map((kind) =>
    splitStages(
      completed(measured).flatMap((o) =>
        o.kind === kind && o.orderId && o.sentMs !== undefined && o.seenMs !== undefined
          ? [{ orderId: o.orderId, kind, sentMs: o.sentMs, seenMs: o.seenMs }]
          : []
      ),
      rows,
    )
  );
  HOPS.forEach(([label], i) => {
    const cells = byKind.map((hops) => {
      const s = summarize(hops[i]!);
      return `${ms(s.p50)} / ${ms(s.p99)}`;
    });
    lines.push(row([label, ...cells]));
  });
  return lines;
}
