import assert from "node:assert/strict";
import { decodeCursor, encodeCursor } from "./cursor.ts";

Deno.test("a cursor round-trips and is URL safe", () => {
  const cursor = {
    createdAt: new Date("2025-03-04T05:06:07.089Z"),
    id: "8f14e45f-ceea-4e7a-9d6c-2f0c1e9a2b3c",
  };
  const text = encodeCursor(cursor);
  assert.match(text, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeCursor(text), cursor);
});

Deno.test("anything else is not a cursor", () => {
  for (const text of ["", "!!!", btoa("[]"), btoa('{"t":"x","id":"y"}'), btoa('{"t":1}')]) {
    assert.equal(decodeCursor(text), undefined, text);
  }
  const noId = btoa(JSON.stringify({ t: "2025-01-01T00:00:00Z", id: "nope" }));
  assert.equal(decodeCursor(noId), undefined);
});
