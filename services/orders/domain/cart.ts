/**
 * Cart arithmetic: adding, changing and merging lines within the cart's limits. A guest
 * cart merged at sign-in keeps the larger quantity of a product in both carts (buying a
 * digital product twice is rarely meant), and lines past the limit are dropped, the
 * signed-in cart's first.
 * @module
 */

/** The most distinct products in a cart. */
export const MAX_CART_ITEMS = 50;
/** The most units of one product in a cart. */
export const MAX_QUANTITY = 20;

/** The most units of a product one order may take: its stock (null: unlimited), capped. */
export function unitsAllowed(available: number | null): number {
  return Math.max(0, Math.min(MAX_QUANTITY, available ?? MAX_QUANTITY));
}

/**
 * Why `quantity` units of the product titled `title` cannot be bought with `available` left,
 * naming it (a buyer with several lines must know which); null when they can.
 */
export function shortfall(title: string, available: number | null, quantity: number) {
  if (available === null || quantity <= available) return null;
  return available <= 0 ? `"${title}" is sold out` : `"${title}" has only ${available} left`;
}

/** Why a product cannot be bought at all, by title when the catalog still shows one. */
export function notOnSale(title: string | null): string {
  return title === null
    ? "A product in your cart is no longer on sale"
    : `"${title}" is no longer on sale`;
}

/** One line of a cart. */
export interface CartItem {
  productId: string;
  quantity: number;
  addedAt: string;
  /** The buyer's own unit price for a pay-what-you-want product, in minor units. */
  amount?: number;
}

/** A cart change that breaks a limit. */
export type CartRefusal = { kind: "too_many_items" };

/** The cart after adding `quantity` units (to a line already there, capped at the maximum). */
export function addItem(
  cart: CartItem[],
  productId: string,
  quantity: number,
  now: Date,
  amount?: number,
): CartItem[] | CartRefusal {
  const chosen = amount === undefined ? {} : { amount };
  const existing = cart.find((i) => i.productId === productId);
  if (existing) {
    return cart.map((i) =>
      i.productId === productId
        ? { ...i, ...chosen, quantity: Math.min(MAX_QUANTITY, i.quantity + quantity) }
        : i
    );
  }
  if (cart.length >= MAX_CART_ITEMS) return { kind: "too_many_items" };
  return [...cart, {
    productId,
    quantity: Math.min(MAX_QUANTITY, quantity),
    addedAt: now.toISOString(),
    ...chosen,
  }];
}

/** The cart with a line's quantity set; null when the product is not in the cart. */
export function setQuantity(cart: CartItem[], productId: string, quantity: number) {
  if (!cart.some((i) => i.productId === productId)) return null;
  return cart.map((i) => i.productId === productId ? { ...i, quantity } : i);
}

/** The signed-in cart merged with a guest cart. */
export function mergeCarts(
  cart: CartItem[],
  guest: Array<{ productId: string; quantity: number; amount?: number }>,
  now: Date,
): CartItem[] {
  const merged = cart.map((i) => ({ ...i }));
  for (const g of guest) {
    const line = merged.find((i) => i.productId === g.productId);
    const quantity = Math.min(MAX_QUANTITY, g.quantity);
    // The amount named last (in the guest cart) wins.
    const chosen = g.amount === undefined ? {} : { amount: g.amount };
    if (line) Object.assign(line, { quantity: Math.max(line.quantity, quantity) }, chosen);
    else if (merged.length < MAX_CART_ITEMS) {
      merged.push({ productId: g.productId, quantity, addedAt: now.toISOString(), ...chosen });
    }
  }
  return merged;
}
