import assert from "node:assert/strict";
import { followersLabel, followPath, toggled } from "./follow.ts";

Deno.test("follow: the count reads as people say it", () => {
  assert.equal(followersLabel(0), "0 followers");
  assert.equal(followersLabel(1), "1 follower");
  assert.equal(followersLabel(1204), "1,204 followers");
});

Deno.test("follow: a click flips following and moves the count by one, never below zero", () => {
  assert.deepEqual(toggled({ followers: 3, following: false }), { followers: 4, following: true });
  assert.deepEqual(toggled({ followers: 4, following: true }), { followers: 3, following: false });
  assert.deepEqual(toggled({ followers: 0, following: true }), { followers: 0, following: false });
});

Deno.test("follow: ids are encoded into the path", () => {
  assert.equal(followPath("a/b"), "/api/creators/a%2Fb/follow");
});
