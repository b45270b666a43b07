import assert from "node:assert/strict";
import { reconcile } from "./reconcile.ts";

Deno.test("a live stream whose path is gone lost its unavailable hook: the publisher left", () => {
  assert.deepEqual(reconcile([{ id: "a", status: "live" }], new Set()), [
    { streamId: "a", action: "publisher_left" },
  ]);
});

Deno.test("a ready path of a scheduled or reconnecting stream: the publisher arrived", () => {
  assert.deepEqual(
    reconcile(
      [{ id: "a", status: "scheduled" }, { id: "b", status: "reconnecting" }],
      new Set(["a", "b"]),
    ),
    [{ streamId: "a", action: "publisher_arrived" }, {
      streamId: "b",
      action: "publisher_arrived",
    }],
  );
});

Deno.test("streams that match the media server need nothing", () => {
  assert.deepEqual(
    reconcile(
      [
        { id: "a", status: "live" },
        { id: "b", status: "reconnecting" },
        { id: "c", status: "scheduled" },
        { id: "d", status: "ended" },
      ],
      new Set(["a"]),
    ),
    [],
  );
});

Deno.test("a stream that is over but still published has its publisher kicked", () => {
  assert.deepEqual(reconcile([{ id: "a", status: "ended" }], new Set(["a"])), [
    { streamId: "a", action: "kick" },
  ]);
});
