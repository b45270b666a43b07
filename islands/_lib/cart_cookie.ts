/**
 * The guest cart's cookie, `marquee_cart`: `<productId>:<quantity>` pairs (with `:<amount>`
 * for a pay-what-you-want line: the buyer's unit price in minor units) joined by `|`,
 * small enough for one cookie at the cart's limits (50 lines of about 40 bytes). Pure: the
 * browser side reads and writes `document.cookie` in `cart.ts`.
 * @module
 */

/** One cart line. */
export interface CartLine {
  productId: string;
  quantity: number;
  /** The buyer's own unit price of a pay-what-you-want product, in minor units. */
  amount?: number;
}

/** The cookie's name. */
export const CART_COOKIE = "marquee_cart";
/** Lines a cart may hold (the cart service's limit). */
export const MAX_LINES = 50;
/** Units of one product a line may hold (the cart service's limit). */
export const MAX_QUANTITY = 20;
/** How long a guest cart is kept, in seconds. */
export const CART_MAX_AGE_SEC = 30 * 86_400;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Reads a cookie value into lines. Anything malformed is dropped line by line: unknown ids,
 * quantities out of range, repeats of a product, lines past the limit.
 */
export function parseCartCookie(value: string | null | undefined): CartLine[] {
  if (!value || value.length > 4096) return [];
  let text: string;
  try {
    text = decodeURIComponent(value);
  } catch {
    return [];
  }
  const lines: CartLine[] = [];
  const seen = new Set<string>();
  for (const pair of text.split("|")) {
    const [id, qty, amount, extra] = pair.split(":");
    if (extra !== undefined || !id || !qty || !/^\d{1,2}$/.test(qty)) continue;
    if (amount !== undefined && !/^\d{1,13}$/.test(amount)) continue;
    const productId = id.toLowerCase();
    const quantity = Number(qty);
    if (!UUID.test(productId) || quantity < 1 || seen.has(productId)) continue;
    seen.add(productId);
    lines.push({
      productId,
      quantity: Math.min(MAX_QUANTITY, quantity),
      ...(amount === undefined ? {} : { amount: Number(amount) }),
    });
    if (lines.length === MAX_LINES) break;
  }
  return lines;
}

/** The cookie value of `lines` (valid lines only, at most the limits). */
export function formatCartCookie(lines: readonly CartLine[]): string {
  const pair = (l: CartLine) =>
    `${l.productId}:${l.quantity}${l.amount === undefined ? "" : `:${l.amount}`}`;
  return parseCartCookie(lines.map(pair).join("|")).map(pair).join("|");
}

/** The value of cookie `name` in a `document.cookie` string. */
export function cookieValue(cookies: string, name: string): string | null {
  for (const part of cookies.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** A `Set-Cookie`-style string for `document.cookie` storing `lines` (or deleting it). */
export function cartCookieString(lines: readonly CartLine[], secure: boolean): string {
  const value = formatCartCookie(lines);
  const attributes = `Path=/; SameSite=Lax${secure ? "; Secure" : ""}`;
  return value
    ? `${CART_COOKIE}=${value}; Max-Age=${CART_MAX_AGE_SEC}; ${attributes}`
    : `${CART_COOKIE}=; Max-Age=0; ${attributes}`;
}
