/**
 * One contract, both databases: PGlite (embedded) and PostgreSQL must behave alike for
 * what the kit relies on — migrations, transactions, constraint errors, advisory locks.
 */
import assert from "node:assert/strict";
import { isUniqueViolation, migrate } from "@marquee/db";
import { dbTargets, testDatabase } from "@marquee/testing";

const sources = [{
  name: "widgets",
  dir: new URL("../../shared/db/testdata/migrations/", import.meta.url),
}];

for (const kind of dbTargets()) {
  Deno.test(`${kind} db: migrations applied twice change nothing`, async () => {
    await using db = await testDatabase(sources, { kind });
    const before = await db
      .sql`select source, version, checksum, applied_at from schema_migrations order by 1, 2`;
    assert.deepEqual(await migrate(db.sql, sources), []);
    const after = await db
      .sql`select source, version, checksum, applied_at from schema_migrations order by 1, 2`;
    assert.deepEqual(after, before);
    assert.deepEqual(before.map((r) => `${r.source}/${r.version}`), [
      "kit/1",
      "widgets/1",
      "widgets/2",
    ]);
    const columns = await db.sql`select column_name from information_schema.columns
      where table_name = 'widgets' order by ordinal_position`;
    assert.deepEqual(columns.map((c) => c.columnName), ["id", "name", "colour"]);
  });

  Deno.test(`${kind} db: concurrent migrators apply each file once`, async () => {
    await using db = await testDatabase([], { kind });
    const results = await Promise.all([migrate(db.sql, sources), migrate(db.sql, sources)]);
    assert.deepEqual(results.flat().sort(), ["widgets/1_widgets", "widgets/2_widget_colour"]);
  });

  Deno.test(`${kind} db: an edited applied migration stops start-up`, async () => {
    await using db = await testDatabase(sources, { kind });
    await db
      .sql`update schema_migrations set checksum = 'changed' where source = 'widgets' and version = 1`;
    await assert.rejects(() => migrate(db.sql, sources), /was edited/);
  });

  Deno.test(`${kind} db: a failing migration leaves nothing half-applied`, async () => {
    await using db = await testDatabase([], { kind });
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/001_half.sql`, "create table half (id int); select 1/0;");
    await assert.rejects(
      () => migrate(db.sql, [{ name: "half", dir }]),
      /Migration "half\/1_half" failed/,
    );
    const [t] = await db.sql`select to_regclass('half') as t`;
    assert.equal(t!.t, null);
    assert.equal((await db.sql`select 1 from schema_migrations where source = 'half'`).length, 0);
    await Deno.remove(dir, { recursive: true });
  });

  Deno.test(`${kind} db: unique violations are recognised and transactions roll back`, async () => {
    await using db = await testDatabase(sources, { kind });
    await db.sql`insert into widgets (id, name) values (1, 'a')`;
    const error = await db.sql`insert into widgets (id, name) values (1, 'b')`.catch((e) => e);
    assert.ok(isUniqueViolation(error));
    await assert.rejects(() =>
      db.sql.begin(async (tx) => {
        await tx`insert into widgets (id, name) values (2, 'b')`;
        throw new Error("abort");
      })
    );
    assert.equal((await db.sql`select 1 from widgets`).length, 1);
  });
}
