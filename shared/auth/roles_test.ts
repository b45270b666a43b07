import assert from "node:assert/strict";
import { isRole, Role, ROLES } from "./roles.ts";

Deno.test("ROLES, the Role schema and isRole agree", () => {
  assert.deepEqual([...ROLES], ["buyer", "creator", "moderator", "admin"]);
  for (const role of ROLES) assert.ok(isRole(role));
  assert.equal(Role.parse("admin"), "admin");
  assert.equal(isRole("superuser"), false);
  assert.equal(Role.safeParse(1).success, false);
});
