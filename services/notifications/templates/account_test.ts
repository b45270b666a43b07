import assert from "node:assert/strict";
import {
  emailChangedMessage,
  passwordChangedMessage,
  passwordResetMessage,
  verifyEmailMessage,
} from "./account.ts";

const URL_WITH_TOKEN = "http://localhost:8000/reset-password?token=abc&x=<1>";

Deno.test("verification after sign-up: welcome, link, expiry", () => {
  const m = verifyEmailMessage({
    name: "Ada",
    purpose: "verify",
    email: "ada@example.com",
    url: "http://localhost:8000/verify-email?token=t0k",
    expiresAt: "2026-01-03T12:00:00Z",
  });
  assert.equal(m.subject, "Welcome to Marquee: confirm your email");
  assert.match(m.text, /^Hi Ada,/);
  assert.match(m.text, /Confirm your email: http:\/\/localhost:8000\/verify-email\?token=t0k/);
  assert.match(m.text, /until Jan 3, 2026, 12:00 PM UTC/);
  assert.match(m.html, /href="http:\/\/localhost:8000\/verify-email\?token=t0k"/);
  assert.doesNotMatch(m.html, /notification settings/, "security mail is always sent");
});

Deno.test("verification of a new address says nothing changes if ignored", () => {
  const m = verifyEmailMessage({
    name: "Ada",
    purpose: "change",
    email: "ada@new.example",
    url: "http://x/verify-email?token=t",
    expiresAt: "2026-01-03T12:00:00Z",
  });
  assert.equal(m.subject, "Confirm your new Marquee email");
  assert.match(m.text, /change your Marquee email to ada@new\.example/);
  assert.match(m.text, /nothing changes/);
});

Deno.test("reset link: escaped in HTML, kept as written in text", () => {
  const m = passwordResetMessage({
    name: `Eve <b>`,
    url: URL_WITH_TOKEN,
    expiresAt: "2026-01-01T12:30:00Z",
  });
  assert.equal(m.subject, "Reset your Marquee password");
  assert.ok(m.text.includes(URL_WITH_TOKEN));
  assert.ok(m.html.includes("token=abc&amp;x=&lt;1&gt;"));
  assert.ok(!m.html.includes("<b>"));
  assert.match(m.text, /works once/);
});

Deno.test("password changed: how, when, and what to do if it was not you", () => {
  const m = passwordChangedMessage({
    name: "Ada",
    via: "reset",
    changedAt: "2026-01-01T12:00:00Z",
    forgotUrl: "http://localhost:8000/forgot-password",
  });
  assert.equal(m.subject, "Your password was changed");
  assert.match(m.text, /with a reset link on Jan 1, 2026, 12:00 PM UTC/);
  assert.match(m.text, /signed out/);
  assert.match(m.html, /href="http:\/\/localhost:8000\/forgot-password"/);
});

Deno.test("email changed: both addresses named", () => {
  const m = emailChangedMessage({
    name: "Ada",
    email: "ada@new.example",
    previousEmail: "ada@example.com",
    changedAt: "2026-01-01T12:00:00Z",
    helpUrl: "http://localhost:8000/help",
  });
  assert.equal(m.subject, "Your Marquee email was changed");
  assert.match(m.text, /from ada@example\.com to ada@new\.example/);
  assert.match(m.html, /href="http:\/\/localhost:8000\/help"/);
});
