/**
 * Run by `vendor_test.ts` with `--allow-natives-syntax`: prints whether a query's closures are
 * allocated in V8's young generation, beside a control built the way upstream postgres.js
 * builds them (which must come out old, or the check could not tell the two apart).
 * @module
 */
import postgres from "postgres";

const young = new Function("o", "return %InYoungGeneration(o)") as (o: unknown) => boolean;

class UpstreamShape extends Promise<unknown> {
  settle: (value: unknown) => void;
  constructor() {
    let resolve!: (value: unknown) => void;
    super((r) => resolve = r);
    this.settle = (value) => resolve(value);
  }
}

// Nothing connects: a query is only sent once it is awaited.
const sql = postgres("postgres://nobody@127.0.0.1:9/nothing", { max: 1 });
const query = sql`select 1` as unknown as { resolve: unknown; reject: unknown };
console.log(JSON.stringify({
  control: young(new UpstreamShape().settle),
  resolve: young(query.resolve),
  reject: young(query.reject),
}));
