import assert from "node:assert/strict";
import { decideLogin, type ThrottlePolicy, windowStart } from "./login_throttle.ts";

const policy: ThrottlePolicy = { windowSec: 900, maxPerEmail: 5, maxPerAddress: 20 };
const now = new Date("2025-01-01T12:00:00Z");
const ago = (sec: number) => new Date(now.getTime() - sec * 1000);
const times = (n: number, secondsAgo: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => ago(secondsAgo(i)));

Deno.test("given no failures, when logging in, then the attempt is allowed", () => {
  assert.deepEqual(decideLogin({ email: [], address: [] }, now, policy), { kind: "allow" });
});

Deno.test("given four failures for the email, then a fifth attempt is allowed", () => {
  const email = times(4, (i) => 60 * (i + 1));
  assert.deepEqual(decideLogin({ email, address: email }, now, policy), { kind: "allow" });
});

Deno.test("given five failures for the email, then it waits until the oldest expires", () => {
  // Failures 60, 120, 180, 240 and 300 seconds ago: the oldest leaves the window in 600 s.
  const email = times(5, (i) => 60 * (i + 1));
  assert.deepEqual(decideLogin({ email, address: [] }, now, policy), {
    kind: "throttle",
    by: "email",
    retryAfterSec: 600,
  });
});

Deno.test("given more failures than the limit, then the newest ones decide the wait", () => {
  const email = times(8, (i) => 100 * (i + 1));
  const decision = decideLogin({ email, address: [] }, now, policy);
  // The fifth newest failure was 500 s ago, so 400 s are left.
  assert.deepEqual(decision, { kind: "throttle", by: "email", retryAfterSec: 400 });
});

Deno.test("given failures older than the window, then they do not count", () => {
  const email = [...times(4, () => 10), ago(901), ago(5000)];
  assert.deepEqual(decideLogin({ email, address: [] }, now, policy), { kind: "allow" });
});

Deno.test("given twenty failures from one address, then any email from it is throttled", () => {
  const address = times(20, (i) => 10 * (i + 1));
  const decision = decideLogin({ email: [], address }, now, policy);
  assert.deepEqual(decision, { kind: "throttle", by: "address", retryAfterSec: 700 });
});

Deno.test("given both counters full, then the longer wait wins", () => {
  const email = times(5, () => 800);
  const address = times(20, () => 10);
  const decision = decideLogin({ email, address }, now, policy);
  assert.deepEqual(decision, { kind: "throttle", by: "address", retryAfterSec: 890 });
});

Deno.test("the wait is never shorter than one second", () => {
  const email = times(5, () => 899.9);
  const decision = decideLogin({ email, address: [] }, now, policy);
  assert.deepEqual(decision, { kind: "throttle", by: "email", retryAfterSec: 1 });
});

Deno.test("the window starts windowSec before now", () => {
  assert.deepEqual(windowStart(now, policy), ago(900));
});
