/**
 * The load of `db_pool.ts`, run in its own process: more readers than the pool has
 * connections, each sending its next read as soon as the last is answered, so that every
 * connection stays busy and reads queue behind one another. Prints one line per window with
 * the reads answered and the CPU time they took.
 * Usage: `deno run -A _db_pool_load.ts <uncapped|capped> <url> <readers> <windows> <window seconds>`.
 * @module
 */
import process from "node:process";
import postgres from "postgres";
import { capInFlight } from "../../shared/db/in_flight_cap.ts";

const [mode, url, readersArg, windowsArg, windowArg] = Deno.args;
const readers = Number(readersArg),
  windows = Number(windowsArg),
  windowMs = Number(windowArg) * 1000;
// The pool's options in `@marquee/db`; `createPool` adds the cap.
const pool = postgres(url!, { max: 10, idle_timeout: 30, transform: postgres.camel });
const sql = mode === "capped" ? capInFlight(pool, 10) : pool;
const read = (id: number) => sql`select ${String(id)}::text as id, now() as at`;

await read(0);
let answered = 0;
let stop = false;
const loops = Array.from({ length: readers }, async (_, i) => {
  for (let n = i; !stop; n += readers) {
    await read(n);
    answered++;
  }
});
for (let w = 0; w < windows; w++) {
  const reads = answered, cpu = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const used = process.cpuUsage(cpu);
  console.log(
    `WINDOW ${
      JSON.stringify({ reads: answered - reads, cpuMs: (used.user + used.system) / 1000 })
    }`,
  );
}
stop = true;
await Promise.all(loops);
await sql.end();
