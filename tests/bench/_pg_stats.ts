/**
 * What the checkout benchmark reads straight from Postgres as the superuser: committed
 * transactions per service database (`pg_stat_database`) and the outbox rows about the
 * benchmark's own orders and products (other copies of the platform share the databases),
 * with `created_at` (the business transaction's start) and `published_at` (the start of the
 * relay transaction that sent the row).
 * @module
 */
import postgres from "postgres";

/** Superuser address of the local server. */
export const ADMIN_URL = "postgres://marquee:marquee@127.0.0.1:5433";

/** The service databases a checkout touches (users and catalog serve it too). */
export const SERVICE_DATABASES = [
  "users",
  "catalog",
  "orders",
  "payments",
  "subscriptions",
  "notifications",
];

/** Committed and rolled-back transactions of one database. */
export interface XactCount {
  commits: number;
  rollbacks: number;
}

/** Current transaction counters of `databases`. */
export async function xactSnapshot(
  databases: readonly string[] = SERVICE_DATABASES,
): Promise<Map<string, XactCount>> {
  const sql = postgres(`${ADMIN_URL}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ datname: string; commits: string; rollbacks: string }[]>`
      select datname, xact_commit::text as commits, xact_rollback::text as rollbacks
      from pg_stat_database where datname = any(${databases as string[]})`;
    return new Map(rows.map((r) => [r.datname, {
      commits: Number(r.commits),
      rollbacks: Number(r.rollbacks),
    }]));
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** `after - before` per database. */
export function xactDelta(
  before: Map<string, XactCount>,
  after: Map<string, XactCount>,
): Map<string, XactCount> {
  const out = new Map<string, XactCount>();
  for (const [db, a] of after) {
    const b = before.get(db) ?? { commits: 0, rollbacks: 0 };
    out.set(db, { commits: a.commits - b.commits, rollbacks: a.rollbacks - b.rollbacks });
  }
  return out;
}

/** One outbox row about the benchmark's orders or products, times in epoch ms. */
export interface OutboxRow {
  database: string;
  type: string;
  /** `data.orderId`, else the row's key. */
  subject: string;
  createdMs: number;
  /** Null while unpublished. */
  publishedMs: number | null;
}

/**
 * Outbox rows created since `since` whose key or `data.orderId` is one of `ids` (order and
 * product ids), in each of `databases`.
 */
export async function outboxRows(
  ids: readonly string[],
  since: Date,
  databases: readonly string[] = SERVICE_DATABASES,
): Promise<OutboxRow[]> {
  const out: OutboxRow[] = [];
  for (const database of databases) {
    const sql = postgres(`${ADMIN_URL}/${database}`, { max: 1, onnotice: () => {} });
    try {
      const list = ids as string[];
      const rows = await sql<
        { type: string; subject: string; created: number; published: number | null }[]
      >`
        select type, coalesce(envelope->'data'->>'orderId', key) as subject,
          extract(epoch from created_at) * 1000 as created,
          extract(epoch from published_at) * 1000 as published
        from outbox
        where created_at >= ${since}
          and (key = any(${list}) or envelope->'data'->>'orderId' = any(${list}))`;
      for (const r of rows) {
        out.push({
          database,
          type: r.type,
          subject: r.subject,
          createdMs: Number(r.created),
          publishedMs: r.published === null ? null : Number(r.published),
        });
      }
    } finally {
      await sql.end({ timeout: 5 });
    }
  }
  return out;
}
