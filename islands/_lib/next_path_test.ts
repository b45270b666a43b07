import assert from "node:assert/strict";
import { safeNextPath } from "./next_path.ts";

Deno.test("only local paths are followed after sign-in", () => {
  assert.equal(safeNextPath("/dashboard?x=1"), "/dashboard?x=1");
  assert.equal(safeNextPath("//evil.example"), "/");
  assert.equal(safeNextPath("/\\evil.example"), "/");
  assert.equal(safeNextPath("https://evil.example"), "/");
  assert.equal(safeNextPath("/\tx", "/account"), "/account");
  assert.equal(safeNextPath(null, "/account"), "/account");
});
