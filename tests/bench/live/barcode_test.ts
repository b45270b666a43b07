import assert from "node:assert/strict";
import { decodeStamp, drawStamp, encodeStamp, readStamp } from "./barcode.ts";

const NOW = Date.UTC(2026, 11, 7, 21, 30);

Deno.test("a stamp read back a moment later gives the capture time", () => {
  assert.equal(decodeStamp(encodeStamp(NOW), NOW + 1234), NOW);
  assert.equal(decodeStamp(encodeStamp(NOW), NOW), NOW);
});

Deno.test("a stamp across a 2^32 ms boundary is rebuilt from the reader's clock", () => {
  const boundary = Math.ceil(NOW / 2 ** 32) * 2 ** 32;
  assert.equal(decodeStamp(encodeStamp(boundary - 5), boundary + 400), boundary - 5);
});

Deno.test("a smeared stamp fails its check", () => {
  const bits = encodeStamp(NOW);
  bits[3] = !bits[3];
  assert.equal(decodeStamp(bits, NOW), undefined);
  assert.equal(decodeStamp(bits.slice(1), NOW), undefined);
});

Deno.test("a drawn frame reads back as its stamp", () => {
  const [width, height] = [640, 360];
  const gray = new Uint8Array(width * height);
  drawStamp(gray, width, height, NOW);
  const rgba = new Uint8ClampedArray(width * height * 4);
  gray.forEach((v, i) => rgba.fill(v, i * 4, i * 4 + 4));
  assert.equal(decodeStamp(readStamp(rgba, width, height), NOW + 90), NOW);
});
