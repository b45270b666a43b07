import assert from "node:assert/strict";
import {
  parsePgbenchLog,
  parsePgbenchReport,
  parseSeconds,
  percentile,
  summarize,
} from "./_figures.ts";

Deno.test("percentile takes the nearest rank", () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
  assert.equal(percentile(values, 0.5), 50);
  assert.equal(percentile(values, 0.99), 99);
  assert.equal(percentile(values, 1), 100);
  assert.equal(percentile([7], 0.95), 7);
  assert.ok(Number.isNaN(percentile([], 0.5)));
  assert.deepEqual(summarize([1, 2, 3, 4]), { p50: 2, p95: 4, p99: 4 });
});

Deno.test("durations read seconds and minutes, and refuse anything else", () => {
  assert.equal(parseSeconds("30s"), 30);
  assert.equal(parseSeconds("2m"), 120);
  assert.equal(parseSeconds("15"), 15);
  assert.throws(() => parseSeconds("soon"), /Not a duration: "soon"/);
  assert.throws(() => parseSeconds("-3s"), /Not a duration/);
});

const REPORT = `pgbench (15.14 (Debian 15.14-0+deb12u1))
transaction type: <builtin: TPC-B (sort of)>
scaling factor: 16
query mode: simple
number of clients: 16
number of threads: 2
maximum number of tries: 1
duration: 30 s
number of transactions actually processed: 61234
number of failed transactions: 3 (0.005%)
latency average = 7.836 ms
initial connection time = 21.004 ms
tps = 2041.812345 (without initial connection time)
`;

Deno.test("pgbench's summary gives tps, latency and counts", () => {
  assert.deepEqual(parsePgbenchReport(REPORT), {
    tps: 2041.812345,
    latencyAvgMs: 7.836,
    transactions: 61234,
    failed: 3,
  });
  assert.throws(() => parsePgbenchReport("connection refused"), /pgbench output lacks/);
});

Deno.test("pgbench's transaction log gives latencies in ms, skipping failures", () => {
  const log = [
    "0 1 1520 0 1763930000 123456",
    "1 1 980 0 1763930000 123999",
    "1 2 failed 0 1763930000 124999",
    "",
  ].join("\n");
  assert.deepEqual(parsePgbenchLog(log), [1.52, 0.98]);
});
