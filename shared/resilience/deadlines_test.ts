import assert from "node:assert/strict";
import { createDeadlines } from "./deadlines.ts";

Deno.test("calls due in the same window share one signal; it fires after the limit", async () => {
  const deadlines = createDeadlines(1000);
  const started = Date.now();
  const a = deadlines(30);
  const b = deadlines(30);
  assert.equal(a, b, "one timer for both");
  assert.equal(a.aborted, false);
  await new Promise<void>((resolve) => a.addEventListener("abort", () => resolve()));
  assert.ok(Date.now() - started >= 30, "never early");
  assert.equal((a.reason as DOMException).name, "TimeoutError");
  // A fired window is forgotten: later calls get a fresh signal.
  const c = deadlines(30);
  assert.notEqual(c, a);
  assert.equal(c.aborted, false);
});

Deno.test("limits far apart get their own signals", () => {
  const deadlines = createDeadlines(10);
  assert.notEqual(deadlines(10), deadlines(5000));
});
