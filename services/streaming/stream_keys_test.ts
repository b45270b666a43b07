import assert from "node:assert/strict";
import { hashStreamKey, keyMatches, newStreamKey } from "./stream_keys.ts";

Deno.test("a new key matches its own hash and no other key", async () => {
  const { key, hash } = await newStreamKey();
  assert.match(key, /^sk_[\w-]{43}$/);
  assert.equal(hash.length, 32);
  assert.ok(await keyMatches(key, hash));
  const other = await newStreamKey();
  assert.equal(await keyMatches(other.key, hash), false);
  assert.equal(await keyMatches("", hash), false);
  assert.deepEqual(await hashStreamKey(key), hash);
});
