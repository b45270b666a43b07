import assert from "node:assert/strict";
import { playbackRule } from "./playback.ts";
import type { Stream } from "./stream.ts";

const PRODUCT = "00000000-0000-4000-8000-0000000000b1";
const stream = (overrides: Partial<Stream> = {}): Stream => ({
  id: "00000000-0000-4000-8000-0000000000a1",
  creatorId: "creator-1",
  title: "Live",
  description: "",
  scheduledStart: new Date("2026-03-01T12:00:00.000Z"),
  access: { kind: "ticket", productId: PRODUCT },
  status: "live",
  startedAt: null,
  endedAt: null,
  reconnectDeadline: null,
  ...overrides,
});

Deno.test("a free stream plays for anyone, signed in or not", () => {
  assert.deepEqual(playbackRule(stream({ access: { kind: "free" } }), { roles: [] }), {
    kind: "allow",
  });
});

Deno.test("a ticketed stream asks a signed-out viewer to sign in for the product", () => {
  assert.deepEqual(playbackRule(stream(), { roles: [] }), { kind: "sign_in", productId: PRODUCT });
});

Deno.test("a ticketed or owners-only stream needs the viewer to hold the product", () => {
  assert.deepEqual(playbackRule(stream(), { userId: "buyer-1", roles: ["buyer"] }), {
    kind: "entitlement",
    userId: "buyer-1",
    productId: PRODUCT,
  });
  const owners = stream({ access: { kind: "owners", productId: PRODUCT } });
  assert.equal(playbackRule(owners, { userId: "buyer-1", roles: ["buyer"] }).kind, "entitlement");
});

Deno.test("the creator, moderators and admins always watch", () => {
  assert.equal(playbackRule(stream(), { userId: "creator-1", roles: ["creator"] }).kind, "allow");
  assert.equal(playbackRule(stream(), { userId: "m", roles: ["moderator"] }).kind, "allow");
  assert.equal(playbackRule(stream(), { userId: "a", roles: ["admin"] }).kind, "allow");
});

Deno.test("an ended or cancelled stream has nothing to play", () => {
  assert.equal(playbackRule(stream({ status: "ended" }), { roles: ["admin"] }).kind, "gone");
  assert.equal(playbackRule(stream({ status: "cancelled" }), { roles: [] }).kind, "gone");
});

Deno.test("an ended stream with a ready replay is watched under the live's rule", () => {
  const ended = stream({ status: "ended" });
  const replayReady = { replayReady: true };
  assert.deepEqual(playbackRule(ended, { roles: [] }, replayReady), {
    kind: "sign_in",
    productId: PRODUCT,
  });
  assert.equal(
    playbackRule(ended, { userId: "buyer-1", roles: ["buyer"] }, replayReady).kind,
    "entitlement",
  );
  assert.equal(playbackRule(ended, { userId: "creator-1", roles: [] }, replayReady).kind, "allow");
  const cancelled = stream({ status: "cancelled" });
  assert.equal(playbackRule(cancelled, { roles: ["admin"] }, replayReady).kind, "gone");
});
