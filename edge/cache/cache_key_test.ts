import assert from "node:assert/strict";
import { cacheKey } from "./cache_key.ts";

Deno.test("cache keys sort parameters and drop tracking parameters and fragments", () => {
  assert.equal(
    cacheKey("http://localhost:8000/p?b=2&utm_source=x&a=1&fbclid=y&a=0#top"),
    "http://localhost:8000/p?a=0&a=1&b=2",
  );
  assert.equal(cacheKey("http://localhost:8000/p?utm_medium=m"), "http://localhost:8000/p");
  assert.equal(
    cacheKey("http://localhost:8000/p?q=a%20b"),
    cacheKey("http://localhost:8000/p?q=a+b"),
  );
});

Deno.test("a public origin pins the key's origin", () => {
  assert.equal(
    cacheKey("http://evil.test:1234/api/products?x=1", "https://marquee.example"),
    "https://marquee.example/api/products?x=1",
  );
});
