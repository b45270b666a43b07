/**
 * The password rule, after NIST SP 800-63B: long enough, not absurdly long, not a
 * well-known password and not built from the account's own email. No composition rules:
 * they push people towards predictable patterns without adding strength.
 * @module
 */

/** Shortest accepted password, in characters. */
export const MIN_PASSWORD_LENGTH = 10;
/** Longest accepted password, in characters; bounds the hashing work per request. */
export const MAX_PASSWORD_LENGTH = 256;

// The most common passwords of at least ten characters in public breach corpora.
const COMMON = new Set([
  "1234567890",
  "0987654321",
  "12345678910",
  "123456789a",
  "1q2w3e4r5t",
  "1qaz2wsx3edc",
  "qwertyuiop",
  "qwerty1234",
  "qwerty12345",
  "asdfghjkl1",
  "zxcvbnm123",
  "password12",
  "password123",
  "password1234",
  "passw0rd12",
  "iloveyou12",
  "letmein123",
  "welcome123",
  "changeme123",
  "administrator",
  "football123",
  "baseball123",
  "sunshine12",
  "princess12",
  "trustno1234",
  "marquee123",
  "marqueemarquee",
]);

/** Why a password was refused; undefined when it is acceptable. */
export function passwordProblem(
  password: string,
  context: { email?: string; displayName?: string } = {},
): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return `Must be at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return `Must be at most ${MAX_PASSWORD_LENGTH} characters`;
  }
  const lower = password.toLowerCase();
  if (new Set(lower).size <= 2) return "Must not repeat one or two characters";
  if (COMMON.has(lower)) return "Is a commonly used password";
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 3 && lower.includes(local)) {
    return "Must not contain the email address";
  }
  const name = context.displayName?.trim().toLowerCase();
  if (name && name.length >= 4 && lower.includes(name)) {
    return "Must not contain the display name";
  }
  return undefined;
}
