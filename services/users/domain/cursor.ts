/**
 * Opaque keyset cursors for lists ordered by (created_at, id): a cursor names the last
 * row of a page, so the next page starts right after it however rows are added.
 * @module
 */

/** The position after which the next page starts. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Encodes a position as base64url JSON. */
export function encodeCursor(cursor: Cursor): string {
  const json = JSON.stringify({ t: cursor.createdAt.toISOString(), id: cursor.id });
  return btoa(json).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes a cursor; undefined when it was not made by {@linkcode encodeCursor}. */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    const json = JSON.parse(atob(text.replaceAll("-", "+").replaceAll("_", "/")));
    const createdAt = new Date(json?.t);
    if (typeof json?.t !== "string" || Number.isNaN(createdAt.getTime())) return undefined;
    if (typeof json.id !== "string" || !UUID.test(json.id)) return undefined;
    return { createdAt, id: json.id };
  } catch {
    return undefined;
  }
}
