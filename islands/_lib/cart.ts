/**
 * The guest cart, kept in `localStorage` under `marquee.cart` as `[{productId, quantity}]`
 * until the cart service exists. Browser-only: call these from effects and event handlers.
 * @module
 */
import { signal } from "@preact/signals";

/** One cart line. */
export interface CartLine {
  productId: string;
  quantity: number;
}

/** The storage key of the guest cart. */
export const CART_KEY = "marquee.cart";
const MAX_QUANTITY = 99;

/** Units in the cart, across lines. */
export const cartCount = signal(0);

/** The cart's lines; a damaged entry reads as an empty cart. */
export function readCart(): CartLine[] {
  try {
    const value = JSON.parse(localStorage.getItem(CART_KEY) ?? "[]");
    if (!Array.isArray(value)) return [];
    return value.filter((line): line is CartLine =>
      typeof line?.productId === "string" && Number.isInteger(line.quantity) && line.quantity > 0
    );
  } catch {
    return [];
  }
}

function count(lines: CartLine[]) {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}

/** Adds `quantity` units of a product and returns the cart's new line for it. */
export function addToCart(productId: string, quantity = 1): CartLine {
  const lines = readCart();
  let line = lines.find((l) => l.productId === productId);
  if (!line) {
    line = { productId, quantity: 0 };
    lines.push(line);
  }
  line.quantity = Math.min(MAX_QUANTITY, line.quantity + quantity);
  localStorage.setItem(CART_KEY, JSON.stringify(lines));
  cartCount.value = count(lines);
  return line;
}

/** Reads the stored cart into `cartCount` and follows changes made in other tabs. */
export function watchCart(): () => void {
  cartCount.value = count(readCart());
  const onStorage = (event: StorageEvent) => {
    if (event.key === CART_KEY || event.key === null) cartCount.value = count(readCart());
  };
  addEventListener("storage", onStorage);
  return () => removeEventListener("storage", onStorage);
}
