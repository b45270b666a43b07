import assert from "node:assert/strict";
import { applyPatch, DEFAULT_PREFERENCES, wants, withDefaults } from "./preferences.ts";

Deno.test("preferences: receipts are on by default on both channels", () => {
  const prefs = withDefaults(undefined);
  assert.equal(wants(prefs, "email", "receipt"), true);
  assert.equal(wants(prefs, "inApp", "receipt"), true);
  assert.deepEqual(prefs, DEFAULT_PREFERENCES);
});

Deno.test("preferences: a patch changes only the named switches", () => {
  const prefs = applyPatch(withDefaults(undefined), { email: { refunds: false } });
  assert.equal(wants(prefs, "email", "refund"), false);
  assert.equal(wants(prefs, "email", "receipt"), true);
  assert.equal(wants(prefs, "inApp", "refund"), true);
});

Deno.test("preferences: order updates govern cancellations", () => {
  const prefs = applyPatch(withDefaults(undefined), { inApp: { orderUpdates: false } });
  assert.equal(wants(prefs, "inApp", "cancelled"), false);
  assert.equal(wants(prefs, "email", "cancelled"), true);
});

Deno.test("preferences: stored rows missing a newer switch get its default", () => {
  const prefs = withDefaults({ email: { receipts: false } });
  assert.deepEqual(prefs.email, {
    receipts: false,
    refunds: true,
    orderUpdates: true,
    liveAlerts: true,
  });
});

Deno.test("preferences: live alerts govern live and starting-soon notices, per channel", () => {
  const prefs = applyPatch(withDefaults(undefined), { email: { liveAlerts: false } });
  assert.equal(wants(prefs, "email", "live"), false);
  assert.equal(wants(prefs, "email", "starting_soon"), false);
  assert.equal(wants(prefs, "inApp", "live"), true);
  assert.equal(wants(prefs, "email", "receipt"), true);
});
