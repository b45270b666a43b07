import assert from "node:assert/strict";
import { MAX_QUANTITY } from "./cart_cookie.ts";
import { maxUnits, quantityChoices, shortReason } from "./quantity.ts";

Deno.test("maxUnits caps at the stock and at the per-order maximum", () => {
  assert.equal(maxUnits(null), MAX_QUANTITY);
  assert.equal(maxUnits(2), 2);
  assert.equal(maxUnits(0), 0);
  assert.equal(maxUnits(-1), 0);
  assert.equal(maxUnits(1000), MAX_QUANTITY);
});

Deno.test("shortReason names the product and says why", () => {
  assert.equal(shortReason("Zither course", null, 20), null);
  assert.equal(shortReason("Zither course", 2, 2), null);
  assert.equal(shortReason("Zither course", 2, 5), '"Zither course" has only 2 left');
  assert.equal(shortReason("Zither course", 0, 1), '"Zither course" is sold out');
});

Deno.test("quantityChoices offers up to what is left, keeping a quantity past it visible", () => {
  assert.deepEqual(quantityChoices(1, 2).map((c) => c.value), [1, 2]);
  assert.deepEqual(quantityChoices(5, 2), [
    { value: 1, over: false },
    { value: 2, over: false },
    { value: 5, over: true },
  ]);
  assert.deepEqual(quantityChoices(1, 0), [{ value: 1, over: true }]);
  assert.equal(quantityChoices(1, MAX_QUANTITY).length, MAX_QUANTITY);
});
