import assert from "node:assert/strict";
import { authPagePath, safeNextPath } from "./next_path.ts";

Deno.test("only local paths are followed after sign-in", () => {
  assert.equal(safeNextPath("/dashboard?x=1"), "/dashboard?x=1");
  assert.equal(safeNextPath("//evil.example"), "/");
  assert.equal(safeNextPath("/\\evil.example"), "/");
  assert.equal(safeNextPath("https://evil.example"), "/");
  assert.equal(safeNextPath("/\tx", "/account"), "/account");
  assert.equal(safeNextPath(null, "/account"), "/account");
});

Deno.test("the sign-in and sign-up pages carry next on, only when it is a local path", () => {
  assert.equal(authPagePath("/signin", "/checkout"), "/signin?next=%2Fcheckout");
  assert.equal(authPagePath("/signup", "/products?q=a b"), "/signup?next=%2Fproducts%3Fq%3Da%20b");
  assert.equal(authPagePath("/signin", "/"), "/signin");
  assert.equal(authPagePath("/signup", ""), "/signup");
  assert.equal(authPagePath("/signup", null), "/signup");
  assert.equal(authPagePath("/signin", "//evil.example"), "/signin");
});
