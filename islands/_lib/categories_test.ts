import assert from "node:assert/strict";
import { CATEGORIES, categoryName, categorySlug } from "./categories.ts";

Deno.test("a category name becomes the slug the catalog stores", () => {
  assert.equal(categorySlug("Audio Production"), "audio-production");
  assert.equal(categorySlug("Drawing & Painting"), "drawing-and-painting");
  assert.equal(categorySlug("3D"), "3d");
  assert.equal(categorySlug("  Café Music  "), "cafe-music");
});

Deno.test("every category has its own slug the catalog accepts, and reads back", () => {
  const slugs = CATEGORIES.map(categorySlug);
  assert.equal(new Set(slugs).size, CATEGORIES.length);
  for (const slug of slugs) {
    assert.match(slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(slug.length <= 40);
  }
  assert.equal(categoryName("audio-production"), "Audio Production");
  assert.equal(categoryName("made-up"), "made-up");
});
