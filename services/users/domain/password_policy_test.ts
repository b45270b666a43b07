import assert from "node:assert/strict";
import { MAX_PASSWORD_LENGTH, passwordProblem } from "./password_policy.ts";

Deno.test("a long unrelated passphrase is accepted", () => {
  assert.equal(passwordProblem("correct horse battery", { email: "ann@example.com" }), undefined);
});

Deno.test("length is counted in characters, not bytes", () => {
  assert.equal(passwordProblem("ééééééééé"), "Must be at least 10 characters");
  assert.equal(passwordProblem("ééééé-ßßßß"), undefined);
});

Deno.test("too short and too long passwords are refused", () => {
  assert.equal(passwordProblem("short1!"), "Must be at least 10 characters");
  assert.equal(
    passwordProblem("ab1".repeat(MAX_PASSWORD_LENGTH)),
    `Must be at most ${MAX_PASSWORD_LENGTH} characters`,
  );
});

Deno.test("one or two repeated characters are refused", () => {
  assert.equal(passwordProblem("aaaaaaaaaaaa"), "Must not repeat one or two characters");
  assert.equal(passwordProblem("abababababab"), "Must not repeat one or two characters");
});

Deno.test("common passwords are refused whatever their case", () => {
  assert.equal(passwordProblem("Password123"), "Is a commonly used password");
  assert.equal(passwordProblem("QWERTYUIOP"), "Is a commonly used password");
});

Deno.test("a password containing the email local part is refused", () => {
  assert.equal(
    passwordProblem("xxJohnDoe-2024", { email: "johndoe@example.com" }),
    "Must not contain the email address",
  );
});

Deno.test("very short local parts do not forbid common substrings", () => {
  assert.equal(passwordProblem("a tale of two cities", { email: "a@example.com" }), undefined);
});

Deno.test("a password containing the display name is refused", () => {
  assert.equal(
    passwordProblem("my name is Margot!", { displayName: "Margot" }),
    "Must not contain the display name",
  );
});
