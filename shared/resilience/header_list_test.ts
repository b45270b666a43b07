import assert from "node:assert/strict";
import { hasHeader, toHeaderList } from "./header_list.ts";

Deno.test("toHeaderList copies every kind of init into a new list", () => {
  const headers = new Headers([["b", "2"], ["a", "1"]]);
  const list = toHeaderList(headers);
  assert.deepEqual(list, [["a", "1"], ["b", "2"]]);
  list.push(["c", "3"]);
  assert.equal(headers.has("c"), false);
  const pairs: Array<[string, string]> = [["X-One", "1"]];
  const copy = toHeaderList(pairs);
  assert.deepEqual(copy, pairs);
  assert.notEqual(copy, pairs);
  assert.deepEqual(toHeaderList({ Accept: "application/json" }), [["Accept", "application/json"]]);
  assert.deepEqual(toHeaderList(undefined), []);
});

Deno.test("hasHeader matches a name in any case", () => {
  assert.ok(hasHeader([["Idempotency-Key", "k"]], "idempotency-key"));
  assert.equal(hasHeader([["idempotency-keys", "k"]], "idempotency-key"), false);
});
