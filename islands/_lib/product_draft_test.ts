import assert from "node:assert/strict";
import { bodyOf, EMPTY_DRAFT } from "./product_draft.ts";

Deno.test("a draft becomes the API body with the price in minor units", () => {
  const result = bodyOf({
    ...EMPTY_DRAFT,
    title: " Synth basics ",
    price: "19.99",
    tags: ["audio", "synth", "audio"],
    capacity: "",
  });
  assert.ok(result.ok);
  assert.deepEqual(result.body.price, { amount: 1999, currency: "USD" });
  assert.deepEqual(result.body.tags, ["audio", "synth"]);
  assert.equal(result.body.title, "Synth basics");
  assert.equal(result.body.capacity, null);
});

Deno.test("a title over the limit and a price over the catalog's bound are named", () => {
  const result = bodyOf({ ...EMPTY_DRAFT, title: "x".repeat(141), price: "10000000001" });
  assert.ok(!result.ok);
  assert.equal(result.fields.title, "Shorten the title to 140 characters or fewer");
  assert.equal(result.fields.price, "Enter at most $10,000,000,000.00");
  const yen = bodyOf({ ...EMPTY_DRAFT, title: "Pack", currency: "JPY", price: "12.50" });
  assert.ok(!yen.ok && !yen.fields.price?.includes("12.50"));
});

Deno.test("wrong fields are named", () => {
  const result = bodyOf({ ...EMPTY_DRAFT, price: "abc", capacity: "0" });
  assert.ok(!result.ok);
  assert.deepEqual(Object.keys(result.fields).sort(), ["capacity", "price", "title"]);
});
