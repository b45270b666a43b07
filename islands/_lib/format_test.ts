import assert from "node:assert/strict";
import { formatPrice, formatSize, fromMinorUnits, toMinorUnits } from "./format.ts";

Deno.test("prices are formatted from minor units by the currency's digits", () => {
  assert.equal(formatPrice({ amount: 1250, currency: "USD" }), "$12.50");
  assert.equal(formatPrice({ amount: 1500, currency: "JPY" }), "¥1,500");
  assert.equal(formatPrice({ amount: 0, currency: "EUR" }), "Free");
});

Deno.test("typed amounts parse to minor units and back", () => {
  assert.equal(toMinorUnits("12.5", "USD"), 1250);
  assert.equal(toMinorUnits("12,05", "EUR"), 1205);
  assert.equal(toMinorUnits("7", "USD"), 700);
  assert.equal(toMinorUnits("1500", "JPY"), 1500);
  assert.equal(toMinorUnits("1.5", "JPY"), null);
  assert.equal(toMinorUnits("-1", "USD"), null);
  assert.equal(toMinorUnits("1.234", "USD"), null);
  assert.equal(fromMinorUnits(1250, "USD"), "12.50");
});

Deno.test("sizes read in bytes, then KB, MB and GB with one decimal", () => {
  assert.equal(formatSize(18), "18 B");
  assert.equal(formatSize(1536), "1.5 KB");
  assert.equal(formatSize(5 * 1024 * 1024), "5.0 MB");
  assert.equal(formatSize(3 * 1024 ** 4), "3072.0 GB");
});
