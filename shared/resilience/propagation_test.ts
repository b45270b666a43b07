import assert from "node:assert/strict";
import { withLogContext } from "@marquee/log";
import { newSpanId, propagateContext } from "./propagation.ts";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

Deno.test("propagateContext adds the request id and a child traceparent", () => {
  const headers = new Headers(withLogContext(
    { requestId: "req-7", traceId: TRACE, spanId: "00f067aa0ba902b7" },
    () => propagateContext([]),
  ));
  assert.equal(headers.get("x-request-id"), "req-7");
  const [version, trace, span, flags] = headers.get("traceparent")!.split("-");
  assert.equal(version, "00");
  assert.equal(trace, TRACE);
  assert.match(span!, /^[0-9a-f]{16}$/);
  assert.notEqual(span, "00f067aa0ba902b7");
  assert.equal(flags, "01");
});

Deno.test("propagateContext keeps headers the caller set, in any case, and ignores bad trace ids", () => {
  const context = { requestId: "req-7", traceId: TRACE };
  const list = propagateContext([["accept", "application/json"]], context);
  assert.deepEqual(list.map(([name]) => name), ["accept", "x-request-id", "traceparent"]);
  const kept = propagateContext([["X-Request-Id", "mine"], ["traceparent", "00-custom"]], context);
  assert.deepEqual(kept, [["X-Request-Id", "mine"], ["traceparent", "00-custom"]]);
  assert.deepEqual(propagateContext([], { traceId: "not-a-trace" }), []);
  assert.deepEqual(propagateContext([], undefined), []);
});

Deno.test("newSpanId is 16 lowercase hex digits", () => {
  assert.match(newSpanId(), /^[0-9a-f]{16}$/);
  assert.notEqual(newSpanId(), newSpanId());
});
