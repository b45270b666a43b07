import assert from "node:assert/strict";
import {
  amountExample,
  formatPrice,
  formatProductPrice,
  formatSize,
  fromMinorUnits,
  toMinorUnits,
} from "./format.ts";

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

Deno.test("sizes read in bytes, then KB, MB, GB and TB with at most one decimal", () => {
  assert.equal(formatSize(0), "0 B");
  assert.equal(formatSize(18), "18 B");
  assert.equal(formatSize(1023), "1,023 B");
  assert.equal(formatSize(1024), "1 KB");
  assert.equal(formatSize(1536), "1.5 KB");
  assert.equal(formatSize(1234567), "1.2 MB");
  assert.equal(formatSize(5 * 1024 * 1024), "5 MB");
  assert.equal(formatSize(2 * 1024 ** 3), "2 GB");
  assert.equal(formatSize(3 * 1024 ** 4), "3 TB");
});

Deno.test("amount examples use the currency's own decimals", () => {
  assert.equal(amountExample("USD"), "12.50");
  assert.equal(amountExample("EUR"), "12.50");
  assert.equal(amountExample("JPY"), "1250");
});

Deno.test("pay what you want reads as a minimum, or a fair price from 0", () => {
  const pwyw = { suggestedAmount: null };
  assert.equal(
    formatProductPrice({ price: { amount: 500, currency: "USD" }, payWhatYouWant: pwyw }),
    "$5.00+",
  );
  assert.equal(
    formatProductPrice({ price: { amount: 0, currency: "USD" }, payWhatYouWant: pwyw }),
    "Name a fair price",
  );
  assert.equal(formatProductPrice({ price: { amount: 0, currency: "USD" } }), "Free");
});
