import assert from "node:assert/strict";
import { randomBase64Url, randomHex } from "./random.ts";

Deno.test("random hex has the asked length, hex digits only, and does not repeat", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const id = randomHex(8);
    assert.match(id, /^[0-9a-f]{16}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 5000);
  assert.match(randomHex(16), /^[0-9a-f]{32}$/);
});

Deno.test("random base64url matches the standard encoding of the same length", () => {
  for (const n of [1, 2, 3, 16, 17]) {
    const value = randomBase64Url(n);
    assert.match(value, /^[A-Za-z0-9_-]+$/);
    assert.equal(value.length, Math.ceil((n * 4) / 3));
    const bytes = Uint8Array.from(
      atob(
        value.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - value.length % 4) % 4),
      ),
      (c) => c.charCodeAt(0),
    );
    assert.equal(bytes.length, n);
  }
  // Every symbol turns up: the bits are spread over the whole alphabet.
  const symbols = new Set([...Array.from({ length: 200 }, () => randomBase64Url(16)).join("")]);
  assert.equal(symbols.size, 64);
});
