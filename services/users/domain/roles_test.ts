import assert from "node:assert/strict";
import { decideRoleChange, normalizeRoles, registrationRoles, withAdmin } from "./roles.ts";

const admin = "00000000-0000-4000-8000-000000000001";
const other = "00000000-0000-4000-8000-000000000002";

Deno.test("registration grants buyer, and creator only when asked", () => {
  assert.deepEqual(registrationRoles(), ["buyer"]);
  assert.deepEqual(registrationRoles("buyer"), ["buyer"]);
  assert.deepEqual(registrationRoles("creator"), ["buyer", "creator"]);
});

Deno.test("roles are deduplicated and put in platform order", () => {
  assert.deepEqual(normalizeRoles(["admin", "buyer", "admin", "creator"]), [
    "buyer",
    "creator",
    "admin",
  ]);
});

Deno.test("given new roles for another user, then they change and the old ones are kept", () => {
  const decision = decideRoleChange({
    actorId: admin,
    targetId: other,
    current: ["buyer"],
    requested: ["moderator", "buyer"],
  });
  assert.deepEqual(decision, {
    kind: "change",
    roles: ["buyer", "moderator"],
    previous: ["buyer"],
  });
});

Deno.test("given the same set in another order, then nothing changes", () => {
  const decision = decideRoleChange({
    actorId: admin,
    targetId: other,
    current: ["creator", "buyer"],
    requested: ["buyer", "creator", "buyer"],
  });
  assert.deepEqual(decision, { kind: "unchanged", roles: ["buyer", "creator"] });
});

Deno.test("given an admin dropping their own admin role, then it is refused", () => {
  const decision = decideRoleChange({
    actorId: admin,
    targetId: admin,
    current: ["buyer", "admin"],
    requested: ["buyer"],
  });
  assert.deepEqual(decision, { kind: "refuse", reason: "own_admin_role" });
});

Deno.test("given an admin changing their other roles, then it is allowed", () => {
  const decision = decideRoleChange({
    actorId: admin,
    targetId: admin,
    current: ["buyer", "admin"],
    requested: ["buyer", "moderator", "admin"],
  });
  assert.equal(decision.kind, "change");
});

Deno.test("the first admin gains admin and buyer, once", () => {
  assert.deepEqual(withAdmin(["creator"]), ["buyer", "creator", "admin"]);
  assert.equal(withAdmin(["buyer", "admin"]), undefined);
});
