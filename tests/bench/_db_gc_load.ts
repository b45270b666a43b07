/**
 * The load of `db_gc.ts`, run in its own process with V8's GC trace on: reads at a fixed
 * rate through the postgres.js module named by the first argument, then prints its CPU time.
 * Usage: `deno run -A --v8-flags=--trace-gc,--trace-gc-nvp _db_gc_load.ts <module> <url> <rate> <seconds>`.
 * @module
 */
import process from "node:process";

const [specifier, url, rateArg, secondsArg] = Deno.args;
const { default: postgres } = await import(specifier!);
const rate = Number(rateArg), seconds = Number(secondsArg);
// The pool's options in `@marquee/db`.
const sql = postgres(url, { max: 10, idle_timeout: 30, transform: postgres.camel });
// A row shaped like a product view (text, a long description, a timestamp, an array, JSON),
// built from fragments as the catalog's queries are.
const columns = () =>
  sql`repeat('description ', 70) as description, now() as created_at,
    array['music', 'synthesis'] as tags, json_build_object('name', 'cover.png') as files`;
const read = (id: number) =>
  sql`select ${columns()}, v.id from (values (${String(id)}::text)) as v(id)
    where ${sql`v.id = ${String(id)}`}`;

await read(0);
const total = rate * seconds;
const cpuBefore = process.cpuUsage();
const start = performance.now();
let sent = 0;
let done = 0;
await new Promise<void>((resolve, reject) => {
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    for (; sent < due; sent++) {
      read(sent).then(() => ++done === total && resolve(), reject);
    }
    if (sent < total) setTimeout(tick, 1);
  };
  tick();
});
const cpu = process.cpuUsage(cpuBefore);
const end = performance.now();
// The parent counts the collections between start and end (both close to the isolate's clock).
console.log(
  `LOAD ${JSON.stringify({ startMs: start, endMs: end, cpuMs: (cpu.user + cpu.system) / 1000 })}`,
);
await sql.end();
