import assert from "node:assert/strict";
import { batches, formatOfFile, keysLabel, keyStock, parseKeyList } from "./licence_key_list.ts";

Deno.test("a pasted list gives one key a line, trimmed, blank lines and repeats dropped", () => {
  const list = parseKeyList("  AAAA-1111 \r\n\nBBBB-2222\nAAAA-1111\n\n");
  assert.deepEqual(list, { keys: ["AAAA-1111", "BBBB-2222"], repeated: 1, problems: [] });
});

Deno.test("lines that cannot be keys are named by their line number", () => {
  const list = parseKeyList(`OK-1\n${"x".repeat(201)}\nBAD\u0007KEY\nOK-2`);
  assert.deepEqual(list.keys, ["OK-1", "OK-2"]);
  assert.deepEqual(list.problems, [
    "Line 2 is longer than 200 characters",
    "Line 3 contains a control character",
  ]);
});

Deno.test("a CSV file gives its first column, without a header row", () => {
  const csv = 'Licence key,Note\n"KEY,WITH,COMMAS",first\nKEY-2,second\n\nKEY-2,again\n';
  const list = parseKeyList(csv, "csv");
  assert.deepEqual(list, { keys: ["KEY,WITH,COMMAS", "KEY-2"], repeated: 1, problems: [] });
  assert.deepEqual(parseKeyList("K-1\nK-2", "csv").keys, ["K-1", "K-2"]);
});

Deno.test("a plain list keeps commas, which only CSV files split on", () => {
  assert.deepEqual(parseKeyList("A,B\nC").keys, ["A,B", "C"]);
  assert.equal(formatOfFile("keys.CSV"), "csv");
  assert.equal(formatOfFile("keys.txt"), "lines");
});

Deno.test("long lists go in batches the API accepts", () => {
  const keys = Array.from({ length: 2001 }, (_, i) => `K-${i}`);
  assert.deepEqual(batches(keys).map((b) => b.length), [1000, 1000, 1]);
  assert.deepEqual(batches([]), []);
});

Deno.test("the pool reads as none, out, low or ok", () => {
  assert.equal(keyStock(0, null), "none");
  assert.equal(keyStock(5, 0), "out");
  assert.equal(keyStock(50, 10), "low");
  assert.equal(keyStock(50, 11), "ok");
  assert.equal(keysLabel(1), "1 key");
  assert.equal(keysLabel(0), "0 keys");
});
