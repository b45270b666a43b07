/**
 * Entity tags: a strong tag from the body's SHA-256, and `If-None-Match` matching.
 * @module
 */

/** A strong ETag: the quoted base64url SHA-256 of `body`. */
export async function strongEtag(body: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const b64 = btoa(String.fromCharCode(...digest)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
  return `"${b64}"`;
}

/**
 * Whether `If-None-Match` matches `etag`. The weak comparison of RFC 9110 §13.1.2 applies,
 * so `W/"x"` (as a compressing server turns `"x"` into) matches `"x"`.
 */
export function ifNoneMatch(header: string | null | undefined, etag: string | null): boolean {
  if (!header || !etag) return false;
  if (header.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return header.split(",").some((tag) => opaque(tag) === wanted);
}
