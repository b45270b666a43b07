/**
 * The one spelling of an email address the service stores and looks up.
 * @module
 */

/** Trims and lowercases an email, so "Ann@Example.com " and "ann@example.com" are one account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
