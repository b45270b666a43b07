import assert from "node:assert/strict";
import { withLogContext } from "@marquee/log";
import { newSpanId, propagateContext } from "./propagation.ts";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

Deno.test("propagateContext adds the request id and a child traceparent", () => {
  const headers = withLogContext(
    { requestId: "req-7", traceId: TRACE, spanId: "00f067aa0ba902b7" },
    () => propagateContext(new Headers()),
  );
  assert.equal(headers.get("x-request-id"), "req-7");
  const [version, trace, span, flags] = headers.get("traceparent")!.split("-");
  assert.equal(version, "00");
  assert.equal(trace, TRACE);
  assert.match(span!, /^[0-9a-f]{16}$/);
  assert.notEqual(span, "00f067aa0ba902b7");
  assert.equal(flags, "01");
});

Deno.test("propagateContext keeps headers the caller set and ignores bad trace ids", () => {
  const set = new Headers({ "x-request-id": "mine", traceparent: "00-custom" });
  propagateContext(set, { requestId: "req-7", traceId: TRACE });
  assert.equal(set.get("x-request-id"), "mine");
  assert.equal(set.get("traceparent"), "00-custom");
  const bad = propagateContext(new Headers(), { traceId: "not-a-trace" });
  assert.equal(bad.has("traceparent"), false);
  assert.equal(propagateContext(new Headers(), undefined).has("x-request-id"), false);
});

Deno.test("newSpanId is 16 lowercase hex digits", () => {
  assert.match(newSpanId(), /^[0-9a-f]{16}$/);
  assert.notEqual(newSpanId(), newSpanId());
});

Deno.test("propagateContext adds to a list of pairs unless a name is there in any case", () => {
  const context = { requestId: "req-7", traceId: TRACE };
  const list = propagateContext([["accept", "application/json"]], context);
  assert.deepEqual(list.map(([name]) => name), ["accept", "x-request-id", "traceparent"]);
  const kept = propagateContext([["X-Request-Id", "mine"]], context);
  assert.deepEqual(kept.filter(([name]) => name.toLowerCase() === "x-request-id"), [
    ["X-Request-Id", "mine"],
  ]);
});
