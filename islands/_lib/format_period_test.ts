import assert from "node:assert/strict";
import { formatProductPrice } from "./format.ts";

Deno.test("a membership's price names its period; other prices read as they are", () => {
  const price = { amount: 900, currency: "USD" };
  assert.equal(formatProductPrice({ price, membership: { period: "month" } }), "$9.00 / month");
  assert.equal(formatProductPrice({ price, membership: { period: "year" } }), "$9.00 / year");
  assert.equal(formatProductPrice({ price, membership: null }), "$9.00");
  assert.equal(formatProductPrice({ price: { amount: 900, currency: "JPY" } }), "¥900");
});
