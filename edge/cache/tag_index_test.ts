import assert from "node:assert/strict";
import { createTagIndex, parseTags } from "./tag_index.ts";

Deno.test("purge returns and forgets the URLs carrying any of the tags", () => {
  let t = 1000;
  const index = createTagIndex({ now: () => t });
  index.add("u1", ["product:a", "catalog"]);
  index.add("u2", ["product:b", "catalog"]);
  index.add("u3", ["creator:c"]);
  assert.deepEqual(index.purge(["product:a"]).sort(), ["u1"]);
  assert.deepEqual(index.purge(["catalog"]).sort(), ["u2"]);
  assert.equal(index.size(), 1);
  t = 2000;
  assert.ok(index.purgedSince(["catalog"], 1000));
  assert.ok(!index.purgedSince(["catalog"], 1001));
  assert.ok(!index.purgedSince(["creator:c"], 0));
});

Deno.test("the index is bounded and evicts the oldest URL", () => {
  const evicted: string[] = [];
  const index = createTagIndex({ maxUrls: 2, onEvict: (u) => evicted.push(u) });
  index.add("u1", ["a"]);
  index.add("u2", ["a"]);
  index.add("u3", ["a"]);
  assert.deepEqual(evicted, ["u1"]);
  assert.deepEqual(index.purge(["a"]).sort(), ["u2", "u3"]);
});

Deno.test("parseTags trims, deduplicates and drops malformed tags", () => {
  assert.deepEqual(parseTags(" product:a , catalog,product:a,, bad tag ,creator:1"), [
    "product:a",
    "catalog",
    "creator:1",
  ]);
  assert.deepEqual(parseTags(null), []);
});
