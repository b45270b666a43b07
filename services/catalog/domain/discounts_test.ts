import assert from "node:assert/strict";
import {
  type DiscountCode,
  discountLines,
  normalizeCode,
  type PricedLine,
  refuseCode,
} from "./discounts.ts";

const NOW = new Date("2030-01-01T12:00:00Z");
const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";

const code = (patch: Partial<DiscountCode> = {}): DiscountCode => ({
  code: "SPRING",
  creatorId: "maker",
  kind: "percent",
  percentOff: 10,
  amountOff: null,
  currency: null,
  productIds: [],
  maxRedemptions: null,
  redemptions: 0,
  expiresAt: null,
  active: true,
  ...patch,
});
const line = (productId: string, unitAmount: number, patch: Partial<PricedLine> = {}) => ({
  productId,
  creatorId: "maker",
  quantity: 1,
  unitAmount,
  currency: "USD",
  ...patch,
});

Deno.test("codes: compared trimmed and upper case", () => {
  assert.equal(normalizeCode("  spring-25 "), "SPRING-25");
});

Deno.test("percent: rounded to the nearest minor unit, halves up, per line", () => {
  // 10% of 1995 is 199.5 → 200; 10% of 333 × 3 (999) is 99.9 → 100.
  const off = discountLines(code(), [line(A, 1995), line(B, 333, { quantity: 3 })]);
  assert.deepEqual(off, { lines: [200, 100], amount: 300 });
  // 15% of 1 is 0.15 → 0: a line never gains money.
  assert.deepEqual(discountLines(code({ percentOff: 15 }), [line(A, 1)]).lines, [0]);
});

Deno.test("percent: 100% makes the line free, never below 0", () => {
  assert.deepEqual(discountLines(code({ percentOff: 100 }), [line(A, 1250)]).lines, [1250]);
});

Deno.test("amount: taken from covered lines in order until used up, never below 0", () => {
  const fixed = code({ kind: "amount", percentOff: null, amountOff: 1500, currency: "USD" });
  assert.deepEqual(discountLines(fixed, [line(A, 1000), line(B, 1000)]), {
    lines: [1000, 500],
    amount: 1500,
  });
  assert.deepEqual(discountLines(fixed, [line(A, 700)]), { lines: [700], amount: 700 });
});

Deno.test("scope: only the code's creator's products, and only those it names", () => {
  const scoped = code({ productIds: [B] });
  const lines = [line(A, 1000), line(B, 1000), line(C, 1000, { creatorId: "other" })];
  assert.deepEqual(discountLines(scoped, lines).lines, [0, 100, 0]);
  assert.deepEqual(discountLines(code(), lines).lines, [100, 100, 0]);
});

Deno.test("free and zero lines take no discount", () => {
  assert.deepEqual(discountLines(code(), [line(A, 0)]), { lines: [0], amount: 0 });
});

Deno.test("refusals name the code and why", () => {
  const lines = [line(A, 1000)];
  assert.equal(refuseCode(" nope ", undefined, lines, NOW)?.message, 'Code "NOPE" does not exist');
  assert.equal(refuseCode("spring", code({ active: false }), lines, NOW)?.reason, "inactive");
  const expired = refuseCode(
    "spring",
    code({ expiresAt: new Date("2029-12-31T00:00Z") }),
    lines,
    NOW,
  );
  assert.equal(expired?.message, 'Code "SPRING" expired on 2029-12-31');
  const usedUp = refuseCode("spring", code({ maxRedemptions: 2, redemptions: 2 }), lines, NOW);
  assert.equal(usedUp?.message, 'Code "SPRING" has been used up');
  const elsewhere = refuseCode("spring", code({ productIds: [B] }), lines, NOW);
  assert.equal(elsewhere?.reason, "not_applicable");
  const yen = code({ kind: "amount", percentOff: null, amountOff: 500, currency: "JPY" });
  assert.equal(
    refuseCode("spring", yen, lines, NOW)?.message,
    'Code "SPRING" is for prices in JPY',
  );
  assert.equal(refuseCode("spring", code({ maxRedemptions: 2, redemptions: 1 }), lines, NOW), null);
  // A code that expires later is fine now.
  assert.equal(refuseCode("spring", code({ expiresAt: new Date("2030-01-02") }), lines, NOW), null);
});
