import assert from "node:assert/strict";
import { refusalDetail, reviewRefusal } from "./reviews.ts";

const product = { creatorId: "creator", status: "published" as const };

Deno.test("a buyer who owns a published product may review it", () => {
  assert.equal(reviewRefusal({ product, viewerId: "buyer", owns: true }), null);
});

Deno.test("owners of an archived product may still review it", () => {
  const archived = { ...product, status: "archived" as const };
  assert.equal(reviewRefusal({ product: archived, viewerId: "buyer", owns: true }), null);
});

Deno.test("a buyer who does not own the product is refused", () => {
  const refusal = reviewRefusal({ product, viewerId: "buyer", owns: false });
  assert.equal(refusal, "not_owner");
  assert.equal(refusalDetail(refusal), "Only buyers who own this product can review it");
});

Deno.test("the creator is refused even when they hold an entitlement", () => {
  const refusal = reviewRefusal({ product, viewerId: "creator", owns: true });
  assert.equal(refusal, "own_product");
  assert.equal(refusalDetail(refusal), "Creators cannot review their own products");
});

Deno.test("a draft cannot be reviewed", () => {
  const draft = { ...product, status: "draft" as const };
  assert.equal(reviewRefusal({ product: draft, viewerId: "buyer", owns: true }), "not_on_sale");
});
