/**
 * Forward-only SQL migrations. Files `NNN_name.sql` apply in order, each in its own
 * transaction, under an advisory lock so that replicas starting together apply each
 * file once. An applied file whose text changed stops start-up.
 * @module
 */
import type { Sql } from "./pool.ts";

/** A folder of migrations with a name that keeps its versions apart from others. */
export interface MigrationSource {
  name: string;
  dir: string | URL;
}

export interface Migration {
  source: string;
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE = /^(\d{3,})_([a-z0-9_]+)\.sql$/;
const LOCK_KEY = 7_342_001;

/** Reads the migrations of one source, sorted by version. */
export async function readMigrations(source: MigrationSource): Promise<Migration[]> {
  const out: Migration[] = [];
  for await (const entry of Deno.readDir(source.dir)) {
    const m = FILE.exec(entry.name);
    if (!entry.isFile || !m) continue;
    const text = await Deno.readTextFile(new URL(entry.name, dirUrl(source.dir)));
    out.push({
      source: source.name,
      version: Number(m[1]),
      name: m[2]!,
      sql: text,
      checksum: await sha256(text),
    });
  }
  out.sort((a, b) => a.version - b.version);
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.version === out[i - 1]!.version) {
      throw new Error(`Two migrations share version ${out[i]!.version} in "${source.name}"`);
    }
  }
  return out;
}

/** Applies what has not been applied yet; returns the names applied now. */
export async function migrate(sql: Sql, sources: MigrationSource[]): Promise<string[]> {
  const all = (await Promise.all(sources.map(readMigrations))).flat();
  const conn = await sql.reserve();
  try {
    await conn`select pg_advisory_lock(${LOCK_KEY})`;
    await conn`create table if not exists schema_migrations (
      source text not null,
      version int not null,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now(),
      primary key (source, version))`;
    const rows = await conn<{ source: string; version: number; checksum: string }[]>`
      select source, version, checksum from schema_migrations`;
    const applied = new Map(rows.map((r) => [`${r.source}/${r.version}`, r.checksum]));
    const done: string[] = [];
    for (const m of all) {
      const key = `${m.source}/${m.version}`;
      const known = applied.get(key);
      if (known !== undefined) {
        if (known !== m.checksum) {
          throw new Error(`Applied migration "${key}_${m.name}" was edited; add a new one instead`);
        }
        continue;
      }
      // A reserved connection has no begin(); the advisory lock must stay on it.
      await conn`begin`;
      try {
        await conn.unsafe(m.sql);
        await conn`insert into schema_migrations (source, version, name, checksum)
          values (${m.source}, ${m.version}, ${m.name}, ${m.checksum})`;
        await conn`commit`;
      } catch (error) {
        await conn`rollback`;
        throw new Error(`Migration "${key}_${m.name}" failed: ${(error as Error).message}`);
      }
      done.push(`${key}_${m.name}`);
    }
    return done;
  } finally {
    await conn`select pg_advisory_unlock(${LOCK_KEY})`.catch(() => {});
    conn.release();
  }
}

function dirUrl(dir: string | URL): URL {
  if (dir instanceof URL) return dir.href.endsWith("/") ? dir : new URL(dir.href + "/");
  const abs = dir.startsWith("/") ? dir : `${Deno.cwd()}/${dir}`;
  return new URL(`file://${abs.endsWith("/") ? abs : abs + "/"}`);
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
