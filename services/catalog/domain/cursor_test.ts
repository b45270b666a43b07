import assert from "node:assert/strict";
import { type Cursor, decodeCursor, encodeCursor } from "./cursor.ts";

const ID = "8f14e45f-ceea-4e7a-9d6c-2f0c1e9a2b3c";

Deno.test("cursors of every sort round-trip and are URL safe", () => {
  const cursors: Cursor[] = [
    { sort: "new", at: new Date("2025-03-04T05:06:07.089Z"), id: ID },
    { sort: "price_asc", amount: 0, id: ID },
    { sort: "price_desc", amount: 1999, id: ID },
  ];
  for (const cursor of cursors) {
    const text = encodeCursor(cursor);
    assert.match(text, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(text, cursor.sort), cursor);
  }
});

Deno.test("a cursor of one sort is refused by another", () => {
  const text = encodeCursor({ sort: "price_asc", amount: 500, id: ID });
  assert.equal(decodeCursor(text, "price_desc"), undefined);
  assert.equal(decodeCursor(text, "new"), undefined);
});

Deno.test("anything else is not a cursor", () => {
  const b64 = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, "");
  const bad = [
    "",
    "!!!",
    "a b",
    b64([]),
    b64({ s: "new", k: "yesterday", id: ID }),
    b64({ s: "new", k: "2025-01-01T00:00:00Z", id: "nope" }),
    b64({ s: "price_asc", k: -1, id: ID }),
    b64({ s: "price_asc", k: 1.5, id: ID }),
    b64({ s: "price_asc", k: "1", id: ID }),
  ];
  for (const text of bad) {
    assert.equal(decodeCursor(text, "new") ?? decodeCursor(text, "price_asc"), undefined, text);
  }
});
