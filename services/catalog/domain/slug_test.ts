import assert from "node:assert/strict";
import { isSlug, MAX_SLUG_LENGTH, nextFreeSlug, slugify } from "./slug.ts";

Deno.test("slugify keeps lowercase ascii words joined by single dashes", () => {
  assert.equal(slugify("  Intro to TypeScript: Part 2!  "), "intro-to-typescript-part-2");
  assert.equal(slugify("Crème brûlée — Señor Ñandú"), "creme-brulee-senor-nandu");
  assert.equal(slugify("---"), "product");
  assert.equal(slugify("日本語"), "product");
});

Deno.test("slugify caps the length and never ends with a dash", () => {
  const slug = slugify(`${"a".repeat(79)} b`);
  assert.equal(slug, "a".repeat(79));
  assert.ok(slugify("word ".repeat(40)).length <= MAX_SLUG_LENGTH);
  assert.ok(isSlug(slugify("word ".repeat(40))));
});

Deno.test("a title that reads as a uuid still gives a slug that is not one", () => {
  const slug = slugify("8f14e45f-ceea-4e7a-9d6c-2f0c1e9a2b3c");
  assert.ok(isSlug(slug), slug);
});

Deno.test("nextFreeSlug adds the first free numeric suffix", () => {
  assert.equal(nextFreeSlug("guide", []), "guide");
  assert.equal(nextFreeSlug("guide", ["guide"]), "guide-2");
  assert.equal(nextFreeSlug("guide", ["guide", "guide-2", "guide-3"]), "guide-4");
  const long = "x".repeat(MAX_SLUG_LENGTH);
  const next = nextFreeSlug(long, [long]);
  assert.equal(next.length, MAX_SLUG_LENGTH);
  assert.ok(next.endsWith("-2"));
});

Deno.test("isSlug refuses uppercase, spaces, double dashes and uuids", () => {
  for (
    const bad of ["Guide", "a b", "a--b", "-a", "a-", "", "8f14e45f-ceea-4e7a-9d6c-2f0c1e9a2b3c"]
  ) {
    assert.equal(isSlug(bad), false, bad);
  }
  assert.ok(isSlug("guide-2"));
});
