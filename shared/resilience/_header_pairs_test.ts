import assert from "node:assert/strict";
import { copyHeaders } from "./_header_pairs.ts";

Deno.test("copyHeaders copies what new Headers() would, and the copy is independent", () => {
  const source = new Headers([
    ["X-Trace", "a"],
    ["accept", "text/html"],
    ["Set-Cookie", "a=1"],
    ["set-cookie", "b=2"],
    ["vary", "Origin"],
    ["Vary", "Accept"],
  ]);
  const copy = copyHeaders(source);
  assert.deepEqual([...copy], [...new Headers(source)]);
  assert.deepEqual(copy.getSetCookie(), ["a=1", "b=2"]);
  assert.equal(copy.get("vary"), "Origin, Accept");
  copy.set("accept", "*/*");
  assert.equal(source.get("accept"), "text/html");
});

Deno.test("copyHeaders takes every other kind of init as new Headers() does", () => {
  assert.deepEqual([...copyHeaders({ B: "2", a: "1" })], [["a", "1"], ["b", "2"]]);
  assert.deepEqual([...copyHeaders([["x", " y "]])], [["x", "y"]]);
  assert.deepEqual([...copyHeaders()], []);
  assert.throws(() => copyHeaders([["bad name", "v"]]), TypeError);
});
