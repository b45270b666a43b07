import assert from "node:assert/strict";
import {
  type AccountTokenState,
  decideRedeem,
  MAIL_POLICY,
  mailWait,
  tokenExpiry,
} from "./account_tokens.ts";

const now = new Date("2026-01-01T12:00:00Z");
const at = (sec: number) => new Date(now.getTime() + sec * 1000);
const verification: AccountTokenState = {
  purpose: "email_verification",
  email: "ada@example.com",
  expiresAt: at(60),
  usedAt: null,
};
const reset: AccountTokenState = { ...verification, purpose: "password_reset" };

Deno.test("given a link for the account's own address, then the address is confirmed", () => {
  assert.deepEqual(decideRedeem(verification, "email_verification", "ada@example.com", now), {
    kind: "verify",
  });
});

Deno.test("given a link for a new address, then the account moves to it", () => {
  const token = { ...verification, email: "ada@new.example" };
  assert.deepEqual(decideRedeem(token, "email_verification", "ada@example.com", now), {
    kind: "change_email",
    email: "ada@new.example",
  });
});

Deno.test("given a reset link, then a new password may be set", () => {
  assert.deepEqual(decideRedeem(reset, "password_reset", "ada@example.com", now), {
    kind: "reset_password",
  });
});

Deno.test("given a used, expired, unknown or other-purpose token, then it is refused", () => {
  const refuse = (token: AccountTokenState | undefined, purpose = "password_reset" as const) =>
    decideRedeem(token, purpose, "ada@example.com", now);
  assert.deepEqual(refuse({ ...reset, usedAt: at(-5) }), { kind: "refuse", reason: "used" });
  assert.deepEqual(refuse({ ...reset, expiresAt: now }), { kind: "refuse", reason: "expired" });
  assert.deepEqual(refuse(undefined), { kind: "refuse", reason: "unknown" });
  assert.deepEqual(refuse(verification), { kind: "refuse", reason: "unknown" });
});

Deno.test("given a used link that also expired, then it says used", () => {
  const token = { ...reset, usedAt: at(-5), expiresAt: at(-1) };
  assert.deepEqual(decideRedeem(token, "password_reset", "ada@example.com", now), {
    kind: "refuse",
    reason: "used",
  });
});

Deno.test("reset links last 30 minutes, confirmation links two days", () => {
  assert.equal(tokenExpiry("password_reset", now).toISOString(), "2026-01-01T12:30:00.000Z");
  assert.equal(tokenExpiry("email_verification", now).toISOString(), "2026-01-03T12:00:00.000Z");
});

Deno.test("given no recent link, then one may be mailed now", () => {
  assert.equal(mailWait([], now), 0);
  assert.equal(mailWait([at(-3600)], now), 0);
});

Deno.test("given a link a moment ago, then the next waits for the gap", () => {
  assert.equal(mailWait([at(-20)], now), 40);
  assert.equal(mailWait([at(-60)], now), 0);
});

Deno.test("given the hour's allowance used, then the next waits for the oldest to leave", () => {
  const five = [at(-3000), at(-2000), at(-1000), at(-500), at(-120)];
  assert.equal(five.length, MAIL_POLICY.maxPerWindow);
  assert.equal(mailWait(five, now), 600);
  assert.equal(mailWait(five.slice(1), now), 0);
});
