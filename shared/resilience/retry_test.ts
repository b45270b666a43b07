import assert from "node:assert/strict";
import { UpstreamTimeoutError } from "./errors.ts";
import { backoffDelay, isIdempotent, isRetryable, retryAfterMs } from "./retry.ts";

Deno.test("backoffDelay doubles the ceiling per attempt and applies full jitter", () => {
  const opts = { baseMs: 50, maxMs: 1000 };
  const half = () => 0.5;
  assert.equal(backoffDelay(0, opts, half), 25);
  assert.equal(backoffDelay(1, opts, half), 50);
  assert.equal(backoffDelay(3, opts, half), 200);
  assert.equal(backoffDelay(0, opts, () => 0), 0);
  assert.equal(backoffDelay(2, opts, () => 0.999), 199);
});

Deno.test("backoffDelay never exceeds maxMs", () => {
  const opts = { baseMs: 50, maxMs: 1000 };
  assert.equal(backoffDelay(10, opts, () => 0.5), 500);
  assert.equal(backoffDelay(60, opts, () => 0.999999), 999);
});

Deno.test("isIdempotent accepts safe and idempotent methods or an Idempotency-Key", () => {
  const none: Array<[string, string]> = [];
  for (const m of ["GET", "head", "OPTIONS", "PUT", "DELETE"]) assert.ok(isIdempotent(m, none), m);
  assert.equal(isIdempotent("POST", none), false);
  assert.equal(isIdempotent("PATCH", none), false);
  assert.ok(isIdempotent("POST", [["Idempotency-Key", "k-1"]]));
});

Deno.test("isRetryable covers network errors, timeouts and 429/502/503/504 only", () => {
  for (const s of [429, 502, 503, 504]) assert.ok(isRetryable(new Response(null, { status: s })));
  for (const s of [200, 400, 404, 409, 500, 501]) {
    assert.equal(isRetryable(new Response(null, { status: s })), false, String(s));
  }
  assert.ok(isRetryable(new TypeError("connection refused")));
  assert.ok(isRetryable(new UpstreamTimeoutError("users", 10)));
  assert.equal(isRetryable(new DOMException("aborted", "AbortError")), false);
  assert.equal(isRetryable(new Error("other")), false);
});

Deno.test("retryAfterMs reads seconds or a date and caps at maxMs", () => {
  assert.equal(retryAfterMs(null, { maxMs: 1000 }), undefined);
  assert.equal(retryAfterMs("soon", { maxMs: 1000 }), undefined);
  assert.equal(retryAfterMs("0", { maxMs: 1000 }), 0);
  assert.equal(retryAfterMs("1", { maxMs: 5000 }), 1000);
  assert.equal(retryAfterMs("120", { maxMs: 1000 }), 1000);
  const now = Date.parse("2030-01-01T00:00:00Z");
  assert.equal(retryAfterMs("Tue, 01 Jan 2030 00:00:02 GMT", { maxMs: 5000, now }), 2000);
});
