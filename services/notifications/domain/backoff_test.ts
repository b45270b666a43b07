import assert from "node:assert/strict";
import { afterFailure } from "./backoff.ts";

const policy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 3000 };
const now = new Date("2025-01-01T00:00:00Z");

Deno.test("backoff: delays double from the base and stop at the cap", () => {
  const at = (n: number) => {
    const r = afterFailure(n, now, policy);
    assert.equal(r.kind, "retry");
    return r.kind === "retry" ? r.at.getTime() - now.getTime() : -1;
  };
  assert.deepEqual([at(1), at(2), at(3)], [1000, 2000, 3000]);
});

Deno.test("backoff: gives up after the last attempt", () => {
  assert.deepEqual(afterFailure(4, now, policy), { kind: "give_up" });
});
