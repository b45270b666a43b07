import assert from "node:assert/strict";
import { titlePrefixQuery } from "./search.ts";

Deno.test("every query word becomes a title prefix", () => {
  assert.equal(titlePrefixQuery("Intro Typ"), "intro:*A & typ:*A");
  assert.equal(titlePrefixQuery("  rust  "), "rust:*A");
});

Deno.test("tsquery syntax in the input never reaches the query", () => {
  assert.equal(titlePrefixQuery("a & !b | (c:*) <-> 'd'"), "a:*A & b:*A & c:*A & d:*A");
  assert.equal(titlePrefixQuery("x-ray tools"), "x:*A & ray:*A & tools:*A");
  assert.equal(titlePrefixQuery("!!! ()"), undefined);
  assert.equal(titlePrefixQuery(""), undefined);
});

Deno.test("at most eight words are used", () => {
  const q = titlePrefixQuery("a b c d e f g h i j");
  assert.equal(q?.split(" & ").length, 8);
});

Deno.test("websearch operators leave the query to full-text search alone", () => {
  for (const q of ['"exact phrase"', "brushes -oil", "-oil", "rust or go"]) {
    assert.equal(titlePrefixQuery(q), undefined, q);
  }
  assert.equal(titlePrefixQuery("oracle"), "oracle:*A");
});
