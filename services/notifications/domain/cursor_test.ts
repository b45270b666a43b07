import assert from "node:assert/strict";
import { decodeCursor, encodeCursor } from "./cursor.ts";

Deno.test("cursor: round-trips a position", () => {
  const cursor = { at: new Date("2025-03-01T10:00:00.123Z"), id: crypto.randomUUID() };
  assert.deepEqual(decodeCursor(encodeCursor(cursor)), cursor);
});

Deno.test("cursor: refuses text it did not make", () => {
  for (const bad of ["", "!!", btoa("{}"), btoa('{"k":"nope","id":"x"}'), "e30"]) {
    assert.equal(decodeCursor(bad), undefined, bad);
  }
});
