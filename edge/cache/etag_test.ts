import assert from "node:assert/strict";
import { ifNoneMatch, strongEtag } from "./etag.ts";

Deno.test("strongEtag is a quoted base64url SHA-256 and stable for equal bodies", async () => {
  const a = await strongEtag(new TextEncoder().encode("hello"));
  assert.match(a, /^"[\w-]{43}"$/);
  assert.equal(a, await strongEtag(new TextEncoder().encode("hello")));
  assert.notEqual(a, await strongEtag(new TextEncoder().encode("hello!")));
});

Deno.test("ifNoneMatch compares weakly and accepts lists and *", () => {
  assert.ok(ifNoneMatch('"a"', '"a"'));
  assert.ok(ifNoneMatch('W/"a"', '"a"'));
  assert.ok(ifNoneMatch('"b", "a"', '"a"'));
  assert.ok(ifNoneMatch("*", '"a"'));
  assert.ok(!ifNoneMatch('"b"', '"a"'));
  assert.ok(!ifNoneMatch(undefined, '"a"'));
});
