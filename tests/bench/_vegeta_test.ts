import assert from "node:assert/strict";
import { formatOpenLoop, parseReport } from "./_vegeta.ts";

Deno.test("vegeta's JSON report is read in milliseconds", () => {
  const json = JSON.stringify({
    requests: 5000,
    success: 0.998,
    latencies: { "50th": 1_250_000, "95th": 3_500_000, "99th": 9_000_000, max: 20_000_000 },
  });
  const r = parseReport(json, 500);
  assert.deepEqual(r, {
    rate: 500,
    requests: 5000,
    success: 0.998,
    p50: 1.25,
    p95: 3.5,
    p99: 9,
    max: 20,
  });
  assert.equal(
    formatOpenLoop(r),
    "5000 requests, 99.8% 2xx, p50 1.25 ms, p95 3.50 ms, p99 9.00 ms, max 20.00 ms",
  );
});
