import assert from "node:assert/strict";
import { safeJson } from "./serialize.ts";

Deno.test("markup, entities and line separators are escaped and parse back unchanged", () => {
  const value = { title: "</script><script>alert(1)</script> & <!-- \u2028\u2029 '\"" };
  const text = safeJson(value);
  assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(text), value);
});

Deno.test("undefined serializes as null", () => {
  assert.equal(safeJson(undefined), "null");
});
