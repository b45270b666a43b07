/**
 * Blob keys: one rule for both stores, strict enough that a key is a safe file path and
 * a URL path that no client or proxy rewrites.
 * @module
 */

/** Thrown for a key that breaks the rules of {@linkcode assertValidKey}. */
export class InvalidKeyError extends Error {
  constructor(readonly key: string, reason: string) {
    super(`Blob key "${key.length > 80 ? `${key.slice(0, 80)}...` : key}" ${reason}`);
    this.name = "InvalidKeyError";
  }
}

/** The longest key accepted. */
export const MAX_KEY_LENGTH = 512;

/** The longest segment between slashes, so every key is a valid path on disk too. */
export const MAX_SEGMENT_LENGTH = 200;

const ALLOWED = /^[A-Za-z0-9/_.-]+$/;

/**
 * Throws {@linkcode InvalidKeyError} unless `key` is 1 to 512 characters of
 * `[A-Za-z0-9/_.-]`, without `..`, a leading or trailing `/`, an empty or `.` segment, or a
 * segment over 200 characters.
 */
export function assertValidKey(key: string): void {
  if (typeof key !== "string" || key.length === 0) {
    throw new InvalidKeyError(String(key), "is empty");
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new InvalidKeyError(key, `is longer than ${MAX_KEY_LENGTH} characters`);
  }
  if (!ALLOWED.test(key)) throw new InvalidKeyError(key, "has characters outside [A-Za-z0-9/_.-]");
  if (key.includes("..")) throw new InvalidKeyError(key, 'contains ".."');
  if (key.startsWith("/")) throw new InvalidKeyError(key, 'starts with "/"');
  const segments = key.split("/");
  // Empty and "." segments would be folded away by URL parsers and path joins.
  if (segments.some((s) => s === "" || s === ".")) {
    throw new InvalidKeyError(key, 'has an empty or "." segment');
  }
  if (segments.some((s) => s.length > MAX_SEGMENT_LENGTH)) {
    throw new InvalidKeyError(key, `has a segment longer than ${MAX_SEGMENT_LENGTH} characters`);
  }
}
