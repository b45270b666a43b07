import assert from "node:assert/strict";
import { assertValidKey, InvalidKeyError } from "./keys.ts";

Deno.test("assertValidKey accepts plain slash-separated keys", () => {
  for (const key of ["a", "products/p-1/cover_2x.webp", ".well-known/x", "a.b/c-d_e"]) {
    assertValidKey(key);
  }
});

Deno.test("assertValidKey names what is wrong with a key", () => {
  const cases: Array<[string, string]> = [
    ["", 'Blob key "" is empty'],
    ["/a", 'Blob key "/a" starts with "/"'],
    ["a/../b", 'Blob key "a/../b" contains ".."'],
    ["a b", 'Blob key "a b" has characters outside [A-Za-z0-9/_.-]'],
    ["a//b", 'Blob key "a//b" has an empty or "." segment'],
    ["a/./b", 'Blob key "a/./b" has an empty or "." segment'],
    ["a/", 'Blob key "a/" has an empty or "." segment'],
  ];
  for (const [key, message] of cases) {
    assert.throws(() => assertValidKey(key), (error: unknown) => {
      assert.ok(error instanceof InvalidKeyError);
      assert.equal(error.message, message);
      assert.equal(error.key, key);
      return true;
    });
  }
});

Deno.test("assertValidKey caps the key at 512 and a segment at 200 characters", () => {
  assert.throws(() => assertValidKey("x".repeat(201)), /segment longer than 200/);
  assert.throws(() => assertValidKey("x/".repeat(256) + "x"), /longer than 512 characters/);
  assertValidKey(`${"x".repeat(200)}/${"y".repeat(200)}/${"z".repeat(110)}`);
});
