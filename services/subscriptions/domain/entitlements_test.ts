import assert from "node:assert/strict";
import {
  decideGrant,
  decideRevoke,
  type Entitlement,
  type GrantCommand,
  type GrantLine,
  hasAccess,
  mergeLines,
} from "./entitlements.ts";

const now = new Date("2025-03-01T12:00:00.000Z");
const ORDER = "00000000-0000-4000-8000-0000000000aa";
const BUYER = "00000000-0000-4000-8000-0000000000b1";
const OTHER = "00000000-0000-4000-8000-0000000000b2";
const P1 = "00000000-0000-4000-8000-000000000001";
const P2 = "00000000-0000-4000-8000-000000000002";

const line = (productId: string, licenceKeys: string[] = []): GrantLine => ({
  productId,
  title: `Product ${productId.slice(-1)}`,
  type: licenceKeys.length ? "software" : "course",
  creatorId: "creator-1",
  licenceKeys,
});
const command = (lines: GrantLine[]): GrantCommand => ({ orderId: ORDER, buyerId: BUYER, lines });
const ids = () => {
  let n = 0;
  return () => `id-${++n}`;
};
const row = (productId: string, overrides: Partial<Entitlement> = {}): Entitlement => ({
  id: `row-${productId.slice(-1)}`,
  userId: BUYER,
  productId,
  sourceKind: "order",
  sourceId: ORDER,
  productTitle: "t",
  productType: "course",
  creatorId: "creator-1",
  licenceKeys: [],
  grantedAt: now,
  revokedAt: null,
  revokeReason: null,
  ...overrides,
});

Deno.test("given a new order, when granted, then one entitlement per product", () => {
  const decision = decideGrant(command([line(P1), line(P2, ["KEY-1"])]), [], {
    now,
    newId: ids(),
  });
  assert.equal(decision.kind, "grant");
  if (decision.kind !== "grant") return;
  assert.deepEqual(decision.granted, [
    { entitlementId: "id-1", productId: P1 },
    { entitlementId: "id-2", productId: P2 },
  ]);
  assert.equal(decision.insert[1]!.userId, BUYER);
  assert.equal(decision.insert[1]!.sourceId, ORDER);
  assert.deepEqual(decision.insert[1]!.licenceKeys, ["KEY-1"]);
  assert.equal(decision.insert[0]!.grantedAt, now);
});

Deno.test("given a product on two lines, when granted, then one entitlement with both keys", () => {
  const decision = decideGrant(command([line(P1, ["A"]), line(P1, ["B", "A"])]), [], {
    now,
    newId: ids(),
  });
  assert.equal(decision.kind, "grant");
  if (decision.kind !== "grant") return;
  assert.equal(decision.insert.length, 1);
  assert.deepEqual(decision.insert[0]!.licenceKeys, ["A", "B"]);
});

Deno.test("given the order was granted, when granted again, then the same ids are answered", () => {
  const decision = decideGrant(command([line(P1)]), [row(P1)], { now, newId: ids() });
  assert.deepEqual(decision, {
    kind: "already_granted",
    granted: [{ entitlementId: "row-1", productId: P1 }],
  });
});

Deno.test("given no lines, when granted, then it fails", () => {
  const decision = decideGrant(command([]), [], { now, newId: ids() });
  assert.equal(decision.kind, "fail");
});

Deno.test("given a revoked order, when granted again, then it fails and nothing comes back", () => {
  const revoked = row(P1, { revokedAt: now, revokeReason: "refunded" });
  const decision = decideGrant(command([line(P1)]), [revoked], { now, newId: ids() });
  assert.deepEqual(decision, { kind: "fail", message: `Order "${ORDER}" was revoked` });
});

Deno.test("given the order belongs to another user, when granted, then it fails", () => {
  const decision = decideGrant(command([line(P1)]), [row(P1, { userId: OTHER })], {
    now,
    newId: ids(),
  });
  assert.equal(decision.kind, "fail");
});

Deno.test("given active entitlements, when revoked, then each is revoked", () => {
  assert.deepEqual(decideRevoke([row(P1), row(P2)]), {
    kind: "revoke",
    ids: ["row-1", "row-2"],
    productIds: [P1, P2],
  });
});

Deno.test("given a revoked order, when revoked again, then nothing changes", () => {
  const revoked = row(P1, { revokedAt: now, revokeReason: "refunded" });
  assert.deepEqual(decideRevoke([revoked]), { kind: "already_revoked", productIds: [P1] });
  assert.deepEqual(decideRevoke([]), { kind: "already_revoked", productIds: [] });
});

Deno.test("access holds while any entitlement is in force", () => {
  assert.equal(hasAccess([]), false);
  assert.equal(hasAccess([{ revokedAt: now }]), false);
  assert.equal(hasAccess([{ revokedAt: now }, { revokedAt: null }]), true);
});

Deno.test("mergeLines keeps the first line's fields", () => {
  const merged = mergeLines([line(P1), { ...line(P1), title: "Other" }]);
  assert.equal(merged.length, 1);
  assert.equal(merged[0]!.title, "Product 1");
});
