import assert from "node:assert/strict";
import postgres from "postgres";
import { capInFlight } from "./in_flight_cap.ts";

// The real server only: the embedded database serves a single connection.
const url = Deno.env.get("MARQUEE_TEST_POSTGRES_URL");
const ignore = !url;

/** A pool of `connections`, capped at `cap` unless `cap` is absent. */
function pool(cap?: number, connections = 4) {
  const sql = postgres(url!, { max: connections, onnotice: () => {} });
  return cap ? capInFlight(sql, cap) : sql;
}

/** The most queries seen running on the server at one moment, from their start times. */
async function mostAtOnce(sql: postgres.Sql, queries: number, ms: number): Promise<number> {
  const starts = await Promise.all(
    Array.from({ length: queries }, async () => {
      const [row] = await sql`select clock_timestamp() as started, pg_sleep(${ms / 1000})`;
      return (row!.started as Date).getTime();
    }),
  );
  // Each ran for at least `ms` from its start, so runs whose starts are closer overlapped.
  return Math.max(...starts.map((s) => starts.filter((t) => t >= s && t < s + ms).length));
}

Deno.test({
  name: "no more than the cap's queries run at once, where the pool alone runs more",
  ignore,
  async fn() {
    const [uncapped, capped] = [pool(), pool(2)];
    try {
      assert.equal(await mostAtOnce(uncapped, 8, 200), 4);
      assert.equal(await mostAtOnce(capped, 8, 200), 2);
    } finally {
      await Promise.all([uncapped.end(), capped.end()]);
    }
  },
});

Deno.test({
  name: "a transaction holds a slot until it ends, and commits or rolls back as before",
  ignore,
  async fn() {
    const sql = pool(1);
    const table = `cap_${crypto.randomUUID().slice(0, 8)}`;
    try {
      const order: string[] = [];
      let inside!: () => void;
      const entered = new Promise<void>((resolve) => inside = resolve);
      const tx = sql.begin(async (tx) => {
        await tx`create table ${tx(table)} (n int)`;
        await tx`insert into ${tx(table)} values (1)`;
        inside();
        await new Promise((resolve) => setTimeout(resolve, 100));
        order.push("commit");
      });
      await entered;
      const outside = sql`select 1`.then(() => order.push("outside"));
      await Promise.all([tx, outside]);
      assert.deepEqual(order, ["commit", "outside"]);
      assert.deepEqual([...await sql`select n from ${sql(table)}`], [{ n: 1 }]);

      await assert.rejects(
        sql.begin(async (tx) => {
          await tx`insert into ${tx(table)} values (2)`;
          throw new Error("Abandoned");
        }),
        /Abandoned/,
      );
      assert.deepEqual([...await sql`select n from ${sql(table)}`], [{ n: 1 }]);
      await sql`drop table ${sql(table)}`;
    } finally {
      await sql.end();
    }
  },
});

Deno.test({
  name: "a reserved connection holds a slot until it is released",
  ignore,
  async fn() {
    const sql = pool(1);
    try {
      const reserved = await sql.reserve();
      let answered = false;
      const waiting = sql`select 1 as one`.then((rows) => (answered = true, rows));
      await reserved`select pg_sleep(0.1)`;
      assert.equal(answered, false);
      reserved.release();
      assert.deepEqual([...await waiting], [{ one: 1 }]);
    } finally {
      await sql.end();
    }
  },
});

Deno.test({
  name: "fragments take no slot, and a query cancelled while waiting leaves the pool usable",
  ignore,
  async fn() {
    // One connection: a cancelled query sent anyway would leave it stranded.
    const sql = pool(1, 1);
    try {
      const one = sql`1`;
      assert.deepEqual([...await sql`select ${one}::int + ${2}::int as ${sql("n")}`], [{ n: 3 }]);
      const slow = sql`select pg_sleep(0.1)`.execute();
      const cancelled = sql`select 1`.execute();
      cancelled.cancel();
      await assert.rejects(cancelled, (e: { code?: string }) => e.code === "57014");
      await slow;
      let timer!: ReturnType<typeof setTimeout>;
      const stranded = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("The only connection was stranded")), 2000);
      });
      const rows = await Promise.race([sql`select 2 as two`, stranded]).finally(() =>
        clearTimeout(timer)
      );
      assert.deepEqual([...rows], [{ two: 2 }]);
    } finally {
      await sql.end({ timeout: 1 });
    }
  },
});
