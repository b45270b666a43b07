import assert from "node:assert/strict";
import { holdIdFor } from "./hold_id.ts";

Deno.test("holdIdFor is a stable UUID per order and product", () => {
  const a = holdIdFor("o-1", "p-1");
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(holdIdFor("o-1", "p-1"), a);
  assert.notEqual(holdIdFor("o-1", "p-2"), a);
  assert.notEqual(holdIdFor("o-2", "p-1"), a);
});
