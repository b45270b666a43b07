/**
 * Opaque keyset cursors for the notification list, newest first: a cursor names the last
 * row of a page by (created at, id), so the next page starts right after it.
 * @module
 */

/** The position after which the next page starts. */
export interface Cursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Encodes a position as base64url JSON. */
export function encodeCursor(cursor: Cursor): string {
  const json = JSON.stringify({ k: cursor.at.toISOString(), id: cursor.id });
  return btoa(json).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes a cursor; undefined when it was not made by {@linkcode encodeCursor}. */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
    const json = JSON.parse(atob(text.replaceAll("-", "+").replaceAll("_", "/")));
    if (typeof json?.k !== "string" || typeof json.id !== "string" || !UUID.test(json.id)) {
      return undefined;
    }
    const at = new Date(json.k);
    return Number.isNaN(at.getTime()) ? undefined : { at, id: json.id };
  } catch {
    return undefined;
  }
}
