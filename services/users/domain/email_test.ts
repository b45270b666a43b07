import assert from "node:assert/strict";
import { normalizeEmail } from "./email.ts";

Deno.test("emails are trimmed and lowercased", () => {
  assert.equal(normalizeEmail("  Ann.Lee@Example.COM\t"), "ann.lee@example.com");
});
