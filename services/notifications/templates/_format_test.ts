import assert from "node:assert/strict";
import { escapeHtml, formatDate, formatMoney, orderNumber } from "./_format.ts";

Deno.test("format: money from minor units uses the currency's decimals", () => {
  assert.equal(formatMoney({ amount: 4900, currency: "USD" }), "$49.00");
  assert.equal(formatMoney({ amount: 1999, currency: "EUR" }), "€19.99");
  assert.equal(formatMoney({ amount: 500, currency: "JPY" }), "¥500");
  assert.match(formatMoney({ amount: 1234, currency: "KWD" }), /^KWD\s1\.234$/);
  assert.equal(formatMoney({ amount: 0, currency: "USD" }), "$0.00");
});

Deno.test("format: escaping covers every character that changes HTML meaning", () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
  );
});

Deno.test("format: dates are UTC and order numbers short", () => {
  assert.equal(formatDate("2025-03-01T23:30:00Z"), "Mar 1, 2025, 11:30 PM UTC");
  assert.equal(orderNumber("0a1b2c3d-0000-4000-8000-000000000000"), "0A1B2C3D");
});
