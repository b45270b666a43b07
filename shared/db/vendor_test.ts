import assert from "node:assert/strict";
import postgres from "postgres";
import { testDatabase } from "@marquee/testing";

Deno.test("a query's closures are allocated young, so finished queries die in a scavenge", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-env",
      "--v8-flags=--allow-natives-syntax",
      new URL("./_young_generation_fixture.ts", import.meta.url).pathname,
    ],
    stderr: "inherit",
  }).output();
  assert.ok(out.success);
  const seen = JSON.parse(new TextDecoder().decode(out.stdout));
  // The control has upstream's shape: a literal assigned straight to a property is old.
  assert.deepEqual(seen, { control: false, resolve: true, reject: true });
});

Deno.test("an idle connection closes once idle_timeout passes after its last query, not its first", async () => {
  await using db = await testDatabase();
  const closedAt: number[] = [];
  const sql = postgres(db.url, {
    max: 1,
    idle_timeout: 1,
    onnotice: () => {},
    onclose: () => closedAt.push(performance.now()),
  });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    await sql`select 1`;
    const first = performance.now();
    await sleep(600);
    await sql`select 1`;
    const last = performance.now();
    // Past the first query's deadline: the second one moved it.
    await sleep(1000 - (performance.now() - first) + 300);
    assert.deepEqual(closedAt, []);
    await sleep(1000 - (performance.now() - last) + 300);
    assert.equal(closedAt.length, 1);
    assert.ok(closedAt[0]! - last >= 1000, `closed ${closedAt[0]! - last} ms after the last query`);
  } finally {
    await sql.end();
  }
});
