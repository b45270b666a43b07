import assert from "node:assert/strict";
import {
  availableUnits,
  decideCapacity,
  decideCommit,
  decideHold,
  decideRelease,
  decideReturn,
  type HoldState,
  isActive,
  stockTotal,
} from "./inventory.ts";

const NOW = new Date("2030-01-01T12:00:00Z");
const later = (sec: number) => new Date(NOW.getTime() + sec * 1000);
const hold = (status: HoldState["status"], quantity: number, expiresInSec: number): HoldState => ({
  status,
  quantity,
  expiresAt: later(expiresInSec),
});

Deno.test("stock: seats limit tickets, a key pool limits software, the rest is unlimited", () => {
  assert.equal(stockTotal({ type: "live_ticket", capacity: 10, licenceKeys: 0 }), 10);
  assert.equal(stockTotal({ type: "course", capacity: null, licenceKeys: 0 }), null);
  assert.equal(stockTotal({ type: "software", capacity: null, licenceKeys: 3 }), 3);
  assert.equal(stockTotal({ type: "software", capacity: null, licenceKeys: 0 }), null);
  assert.equal(stockTotal({ type: "asset", capacity: null, licenceKeys: 0 }), null);
});

Deno.test("active: a held hold counts until it expires; others never do", () => {
  // given
  const holds = [
    hold("held", 3, 60),
    hold("held", 4, 0), // lapsed at exactly now, not yet swept
    hold("held", 5, -1),
    hold("expired", 6, -60),
    hold("released", 7, 60),
    hold("committed", 2, 60),
  ];
  // when
  const active = holds.map((h) => isActive(h, NOW));
  // then
  assert.deepEqual(active, [true, false, false, false, false, false]);
  assert.equal(availableUnits(10, 5), 5);
  assert.equal(availableUnits(null, 5), null);
  assert.equal(availableUnits(3, 5), 0, "never negative");
});

Deno.test("hold: granted while units last, refused with what is left", () => {
  // given 10 seats with 8 taken
  const stock = { total: 10, taken: 8 };
  // when / then
  assert.deepEqual(decideHold({ ...stock, quantity: 2 }), { kind: "grant", available: 0 });
  assert.deepEqual(decideHold({ ...stock, quantity: 3 }), { kind: "refuse", available: 2 });
  assert.deepEqual(decideHold({ total: null, taken: 99, quantity: 5 }), {
    kind: "grant",
    available: null,
  });
});

Deno.test("hold: ten seats and fifty requests of one grant exactly ten", () => {
  // given
  let taken = 0;
  let granted = 0;
  // when
  for (let i = 0; i < 50; i++) {
    const decision = decideHold({ total: 10, taken, quantity: 1 });
    if (decision.kind === "grant") {
      taken += 1;
      granted++;
    }
  }
  // then
  assert.equal(granted, 10);
  assert.equal(availableUnits(10, taken), 0);
});

Deno.test("an expired hold returns its units to stock and can no longer commit", () => {
  // given a hold of both seats that expires in 30 seconds
  const held = hold("held", 2, 30);
  const taken = (at: Date) => (isActive(held, at) ? held.quantity : 0);
  assert.equal(availableUnits(2, taken(NOW)), 0);
  // when the time passes
  const afterwards = later(31);
  // then
  assert.equal(availableUnits(2, taken(afterwards)), 2);
  assert.deepEqual(decideCommit(held, afterwards), { kind: "refuse", detail: "Hold has expired" });
});

Deno.test("commit: only a live hold commits, and committing twice is harmless", () => {
  assert.deepEqual(decideCommit(hold("held", 1, 60), NOW), { kind: "commit" });
  assert.deepEqual(decideCommit(hold("committed", 1, -60), NOW), { kind: "unchanged" });
  assert.equal(decideCommit(hold("expired", 1, -60), NOW).kind, "refuse");
  assert.deepEqual(decideCommit(hold("released", 1, 60), NOW), {
    kind: "refuse",
    detail: "Hold was released",
  });
});

Deno.test("release: idempotent, says why, and never undoes a sale", () => {
  assert.deepEqual(decideRelease(hold("held", 1, 60), NOW), {
    kind: "release",
    reason: "released",
  });
  assert.deepEqual(decideRelease(hold("held", 1, -1), NOW), { kind: "release", reason: "expired" });
  assert.deepEqual(decideRelease(hold("released", 1, 60), NOW), { kind: "unchanged" });
  assert.deepEqual(decideRelease(hold("expired", 1, -60), NOW), { kind: "unchanged" });
  assert.equal(decideRelease(hold("committed", 1, 60), NOW).kind, "refuse");
});

Deno.test("capacity: may shrink to what is taken but not below", () => {
  assert.deepEqual(decideCapacity(5, 5), { kind: "accept" });
  assert.deepEqual(decideCapacity(null, 50), { kind: "accept" });
  assert.deepEqual(decideCapacity(4, 5), {
    kind: "refuse",
    detail: "Capacity cannot be lower than the 5 units already taken",
  });
});

Deno.test("a committed hold is returned once; a held one must be released instead", () => {
  assert.deepEqual(decideReturn(hold("committed", 1, -1)), { kind: "return" });
  assert.deepEqual(decideReturn(hold("released", 1, 60)), { kind: "unchanged" });
  assert.deepEqual(decideReturn(hold("expired", 1, -1)), { kind: "unchanged" });
  assert.equal(decideReturn(hold("held", 1, 60)).kind, "refuse");
});
