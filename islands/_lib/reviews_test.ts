import assert from "node:assert/strict";
import { formatAverage, ratingText, starGlyphs } from "./reviews.ts";

Deno.test("ratings read as one-decimal averages with their count", () => {
  assert.equal(ratingText({ count: 0, average: null }), "No reviews yet");
  assert.equal(ratingText({ count: 1, average: 4 }), "4.0 out of 5 stars from 1 review");
  assert.equal(ratingText({ count: 3, average: 4.67 }), "4.7 out of 5 stars from 3 reviews");
  assert.equal(formatAverage(4.25), "4.3");
});

Deno.test("stars fill to the nearest whole star", () => {
  assert.equal(starGlyphs(5), "★★★★★");
  assert.equal(starGlyphs(3.6), "★★★★☆");
  assert.equal(starGlyphs(1.2), "★☆☆☆☆");
  assert.equal(starGlyphs(0), "☆☆☆☆☆");
});
