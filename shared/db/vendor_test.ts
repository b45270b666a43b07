import assert from "node:assert/strict";
import postgres from "postgres";
import { testDatabase } from "@marquee/testing";
import Queue from "./vendor/postgres/src/queue.js";

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

Deno.test("the pool's queues give back the slots of taken items, even when they never run dry", () => {
  // The pool's pattern under steady load: a query goes to the connection busy the longest
  // (`shift`), which `move()` then takes out of its queue and puts back at the end.
  const busy = Queue();
  const connections = ["a", "b", "c", "d"].map((id) => ({ id }));
  for (const c of connections) busy.push(c);
  for (let n = 0; n < 100_000; n++) {
    const c = busy.shift();
    busy.remove(c);
    busy.push(c);
    if (n % 7 === 0) {
      // One turns idle and busy again.
      const c = connections[n % 4]!;
      assert.equal(busy.remove(c), c);
      busy.push(c);
    }
  }
  assert.equal(busy.length, 4);
  // Upstream kept one slot per item ever taken: about 100000 here.
  assert.ok(busy.allocated <= 2 * 32 + 4, `${busy.allocated} slots held for 4 items`);
  const order = [busy.shift(), busy.shift()];
  assert.equal(busy.remove(order[0]), null);
  assert.equal(busy.length, 2);
  assert.equal(new Set([...order, busy.shift(), busy.shift()]).size, 4);
  assert.equal(busy.length, 0);
  assert.equal(busy.shift(), undefined);
  assert.equal(busy.length, 0);
});
