import assert from "node:assert/strict";
import { canBuyAgain, PRODUCT_TYPES } from "./catalog_types.ts";

Deno.test("only live tickets are offered again to a buyer who owns one", () => {
  const again = PRODUCT_TYPES.filter(canBuyAgain);
  assert.deepEqual(again, ["live_ticket"]);
});
