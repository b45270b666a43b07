import assert from "node:assert/strict";
import {
  cartCookieString,
  cookieValue,
  formatCartCookie,
  MAX_LINES,
  parseCartCookie,
} from "./cart_cookie.ts";

const A = "0b6f2c1e-8a4d-4c55-9d0e-1f2a3b4c5d6e";
const B = "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4";

Deno.test("cart cookie: lines round-trip", () => {
  const lines = [{ productId: A, quantity: 2 }, { productId: B, quantity: 1 }];
  assert.equal(formatCartCookie(lines), `${A}:2|${B}:1`);
  assert.deepEqual(parseCartCookie(formatCartCookie(lines)), lines);
});

Deno.test("cart cookie: malformed lines are dropped one by one", () => {
  const value = [
    `${A}:3`,
    "not-a-uuid:1",
    `${B}:0`,
    `${B}:-1`,
    `${B}:x`,
    `${A}:5`,
    `${B}:1:2:3`,
    `${B}:1:x`,
    `${B.toUpperCase()}:99`,
  ].join("|");
  assert.deepEqual(parseCartCookie(value), [
    { productId: A, quantity: 3 },
    { productId: B, quantity: 20 },
  ]);
  assert.deepEqual(parseCartCookie("%E0%A4%A"), []);
  assert.deepEqual(parseCartCookie(""), []);
  assert.deepEqual(parseCartCookie(null), []);
  assert.deepEqual(parseCartCookie("x".repeat(5000)), []);
});

Deno.test("cart cookie: at most the cart's line limit", () => {
  const many = Array.from({ length: 60 }, () => `${crypto.randomUUID()}:1`).join("|");
  const lines = parseCartCookie(many);
  assert.equal(lines.length, MAX_LINES);
  assert.ok(formatCartCookie(lines).length < 4000);
});

Deno.test("cart cookie: reading one cookie among others, writing and deleting", () => {
  assert.equal(cookieValue(`a=1; marquee_cart=${A}:1; b=2`, "marquee_cart"), `${A}:1`);
  assert.equal(cookieValue("a=1", "marquee_cart"), null);
  assert.equal(
    cartCookieString([{ productId: A, quantity: 1 }], false),
    `marquee_cart=${A}:1; Max-Age=2592000; Path=/; SameSite=Lax`,
  );
  assert.equal(
    cartCookieString([], true),
    "marquee_cart=; Max-Age=0; Path=/; SameSite=Lax; Secure",
  );
});

Deno.test("a pay-what-you-want line keeps the buyer's amount", () => {
  const id = "0b6a1f0e-7f0a-4f57-8a55-0d7c3c1d2e02";
  assert.deepEqual(parseCartCookie(`${id}:1:1250`), [{ productId: id, quantity: 1, amount: 1250 }]);
  assert.deepEqual(parseCartCookie(`${id}:1:12.5`), []);
  assert.equal(formatCartCookie([{ productId: id, quantity: 2, amount: 0 }]), `${id}:2:0`);
});
