import assert from "node:assert/strict";
import { browseHref, parseBrowse } from "./browse_query.ts";

Deno.test("filters are read, prices converted to minor units and bad values reported", () => {
  const url = new URL(
    "http://x/products?q=%20synth%20&type=course&minPrice=5&maxPrice=abc&sort=price_asc&cursor=abc_1",
  );
  const { form, query, errors } = parseBrowse(url);
  assert.equal(form.q, "synth");
  assert.equal(query.type, "course");
  assert.equal(query.minPrice, 500);
  assert.equal(query.maxPrice, undefined);
  assert.equal(query.sort, "price_asc");
  assert.equal(query.cursor, "abc_1");
  assert.ok(errors.maxPrice);
});

Deno.test("unknown types, sorts and malformed cursors are ignored", () => {
  const { query } = parseBrowse(new URL("http://x/products?type=car&sort=random&cursor=%3Cx%3E"));
  assert.equal(query.type, undefined);
  assert.equal(query.sort, "new");
  assert.equal(query.cursor, undefined);
});

Deno.test("the next page link keeps the filters", () => {
  const { form } = parseBrowse(new URL("http://x/products?q=a+b&tag=loops"));
  assert.equal(browseHref(form, "c1"), "/products?q=a+b&tag=loops&cursor=c1");
  assert.equal(browseHref(parseBrowse(new URL("http://x/products")).form), "/products");
});
