import assert from "node:assert/strict";
import { createPasswordHasher } from "./passwords.ts";

const hasher = createPasswordHasher({ memoryKiB: 1024, timeCost: 1 });

Deno.test("a hash is argon2id with the configured cost and verifies its password only", async () => {
  const stored = await hasher.hash("correct horse battery");
  assert.match(stored, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
  assert.equal(await hasher.verify(stored, "correct horse battery"), true);
  assert.equal(await hasher.verify(stored, "correct horse battery!"), false);
});

Deno.test("two hashes of one password differ by their salt", async () => {
  assert.notEqual(await hasher.hash("same password"), await hasher.hash("same password"));
});

Deno.test("a malformed stored hash never matches", async () => {
  assert.equal(await hasher.verify("not a hash", "anything"), false);
});

Deno.test("checking against nobody answers false", async () => {
  assert.equal(await hasher.verifyNobody("correct horse battery"), false);
});
