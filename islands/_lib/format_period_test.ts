import assert from "node:assert/strict";
import { formatProductPrice, withPeriod } from "./format.ts";

Deno.test("a membership's price names its period; other prices read as they are", () => {
  const price = { amount: 900, currency: "USD" };
  assert.equal(formatProductPrice({ price, membership: { period: "month" } }), "$9.00 / month");
  assert.equal(formatProductPrice({ price, membership: { period: "year" } }), "$9.00 / year");
  assert.equal(formatProductPrice({ price, membership: null }), "$9.00");
  assert.equal(formatProductPrice({ price: { amount: 900, currency: "JPY" } }), "¥900");
});

Deno.test("a membership's period follows its price wherever a price is shown", () => {
  assert.equal(withPeriod("$9.00", "month"), "$9.00 / month");
  assert.equal(withPeriod("$90.00", "year"), "$90.00 / year");
  assert.equal(withPeriod("$12.00", null), "$12.00");
});
