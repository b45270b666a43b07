import assert from "node:assert/strict";
import { attemptKey, endAttempt } from "./checkout_attempt.ts";

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

Deno.test("checkout attempt: one key per attempt, kept across retries", () => {
  const storage = memoryStorage();
  const visa = JSON.stringify({ paymentMethod: "pm_card_visa" });
  const first = attemptKey(visa, storage);
  assert.equal(attemptKey(visa, storage), first);
  // Another body (another payment method) is another attempt.
  const declined = JSON.stringify({ paymentMethod: "pm_card_chargeDeclined" });
  const other = attemptKey(declined, storage);
  assert.notEqual(other, first);
  endAttempt(storage);
  assert.notEqual(attemptKey(declined, storage), other);
});

Deno.test("checkout attempt: a damaged entry or no storage still gives a key", () => {
  const storage = memoryStorage();
  storage.setItem("marquee.checkout.attempt", "{not json");
  assert.match(attemptKey("pm_card_visa", storage), /^[0-9a-f-]{36}$/);
  assert.match(attemptKey("pm_card_visa", null), /^[0-9a-f-]{36}$/);
});
