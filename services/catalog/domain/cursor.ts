/**
 * Opaque keyset cursors for the product list. A cursor names the sort it belongs to and
 * the last row of a page by (sort key, id), so the next page starts right after it however
 * rows are added, and a cursor from one sort cannot be replayed on another.
 * @module
 */

/** The orders the product list offers. */
export const SORTS = ["new", "price_asc", "price_desc"] as const;
/** One order of the product list. */
export type Sort = typeof SORTS[number];

/** The position after which the next page starts. */
export type Cursor =
  | { sort: "new"; at: Date; id: string }
  | { sort: "price_asc" | "price_desc"; amount: number; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Encodes a position as base64url JSON. */
export function encodeCursor(cursor: Cursor): string {
  const key = cursor.sort === "new" ? cursor.at.toISOString() : cursor.amount;
  const json = JSON.stringify({ s: cursor.sort, k: key, id: cursor.id });
  return btoa(json).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes a cursor of `sort`; undefined when it was not made by {@linkcode encodeCursor} for it. */
export function decodeCursor(text: string, sort: Sort): Cursor | undefined {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
    const json = JSON.parse(atob(text.replaceAll("-", "+").replaceAll("_", "/")));
    if (json?.s !== sort || typeof json.id !== "string" || !UUID.test(json.id)) return undefined;
    if (sort === "new") {
      const at = new Date(json.k);
      if (typeof json.k !== "string" || Number.isNaN(at.getTime())) return undefined;
      return { sort, at, id: json.id };
    }
    if (!Number.isSafeInteger(json.k) || json.k < 0) return undefined;
    return { sort, amount: json.k, id: json.id };
  } catch {
    return undefined;
  }
}
