import assert from "node:assert/strict";
import { decideRefresh, type RefreshTokenState } from "./refresh_rotation.ts";

const now = new Date("2025-01-01T12:00:00Z");
const later = new Date("2025-01-02T12:00:00Z");
const fresh: RefreshTokenState = { expiresAt: later, usedAt: null, revokedAt: null };

Deno.test("given a fresh token, then it rotates with a new lifetime", () => {
  assert.deepEqual(decideRefresh(fresh, now, 60), {
    kind: "rotate",
    expiresAt: new Date("2025-01-01T12:01:00Z"),
  });
});

Deno.test("given an unknown token, then it is refused", () => {
  assert.deepEqual(decideRefresh(undefined, now, 60), { kind: "refuse", reason: "unknown" });
});

Deno.test("given an already rotated token, then the family is revoked", () => {
  assert.deepEqual(decideRefresh({ ...fresh, usedAt: now }, now, 60), {
    kind: "revoke_family",
    reason: "reused",
  });
});

Deno.test("given a rotated token that also expired, then the family is still revoked", () => {
  const token = { expiresAt: now, usedAt: now, revokedAt: null };
  assert.equal(decideRefresh(token, later, 60).kind, "revoke_family");
});

Deno.test("given a revoked token, then it is refused without further action", () => {
  const token = { ...fresh, usedAt: now, revokedAt: now };
  assert.deepEqual(decideRefresh(token, now, 60), { kind: "refuse", reason: "revoked" });
});

Deno.test("given a token at its expiry instant, then it is refused", () => {
  assert.deepEqual(decideRefresh({ ...fresh, expiresAt: now }, now, 60), {
    kind: "refuse",
    reason: "expired",
  });
});

Deno.test("given a token rotated moments ago, then a second tab gets its own token", () => {
  const rotated = { ...fresh, usedAt: new Date(now.getTime() - 3_000) };
  assert.deepEqual(decideRefresh(rotated, now, 60, 10), {
    kind: "rotate",
    expiresAt: new Date("2025-01-01T12:01:00Z"),
    concurrent: true,
  });
});

Deno.test("given a token rotated longer ago than the grace, then the family is revoked", () => {
  const rotated = { ...fresh, usedAt: new Date(now.getTime() - 11_000) };
  assert.equal(decideRefresh(rotated, now, 60, 10).kind, "revoke_family");
  // No grace at all is the strict rule.
  assert.equal(decideRefresh({ ...fresh, usedAt: now }, now, 60, 0).kind, "revoke_family");
});

Deno.test("given a rotated token that expired, then the grace does not apply", () => {
  const token = { expiresAt: now, usedAt: now, revokedAt: null };
  assert.equal(decideRefresh(token, now, 60, 10).kind, "revoke_family");
});
