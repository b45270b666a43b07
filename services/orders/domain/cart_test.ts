import assert from "node:assert/strict";
import {
  addItem,
  type CartItem,
  MAX_CART_ITEMS,
  MAX_QUANTITY,
  mergeCarts,
  notOnSale,
  setQuantity,
  shortfall,
  unitsAllowed,
} from "./cart.ts";

const now = new Date("2030-01-01T00:00:00Z");
const item = (productId: string, quantity = 1): CartItem => ({
  productId,
  quantity,
  addedAt: now.toISOString(),
});

Deno.test("addItem adds a line or raises its quantity, capped", () => {
  const one = addItem([], "a", 2, now);
  assert.deepEqual(one, [item("a", 2)]);
  assert.deepEqual(addItem(one as CartItem[], "a", 100, now), [item("a", MAX_QUANTITY)]);
});

Deno.test("addItem refuses a product past the limit", () => {
  const full = Array.from({ length: MAX_CART_ITEMS }, (_, i) => item(`p${i}`));
  assert.deepEqual(addItem(full, "new", 1, now), { kind: "too_many_items" });
});

Deno.test("setQuantity changes a line or answers null", () => {
  assert.deepEqual(setQuantity([item("a")], "a", 3), [item("a", 3)]);
  assert.equal(setQuantity([item("a")], "b", 3), null);
});

Deno.test("mergeCarts keeps the larger quantity and adds new lines", () => {
  const merged = mergeCarts([item("a", 1), item("b", 5)], [
    { productId: "a", quantity: 3 },
    { productId: "b", quantity: 2 },
    { productId: "c", quantity: 1 },
  ], now);
  assert.deepEqual(merged.map((i) => [i.productId, i.quantity]), [["a", 3], ["b", 5], ["c", 1]]);
});

Deno.test("unitsAllowed caps at the stock and at the per-order maximum", () => {
  assert.equal(unitsAllowed(null), MAX_QUANTITY);
  assert.equal(unitsAllowed(2), 2);
  assert.equal(unitsAllowed(0), 0);
  assert.equal(unitsAllowed(500), MAX_QUANTITY);
});

Deno.test("shortfall names the product and says why", () => {
  assert.equal(shortfall("Zither course", null, 20), null);
  assert.equal(shortfall("Zither course", 2, 2), null);
  assert.equal(shortfall("Zither course", 2, 3), '"Zither course" has only 2 left');
  assert.equal(shortfall("Zither course", 0, 1), '"Zither course" is sold out');
});

Deno.test("notOnSale names the product when its title is known", () => {
  assert.equal(notOnSale("Zither course"), '"Zither course" is no longer on sale');
  assert.equal(notOnSale(null), "A product in your cart is no longer on sale");
});
