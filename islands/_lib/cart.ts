/**
 * The cart in the browser. Signed out, it is the guest cart in the `marquee_cart` cookie
 * (product ids and quantities, validated on every read); signed in, it is the cart service's
 * (`/api/cart`), and a guest cart left in the cookie is merged into it with
 * `POST /api/cart/merge` and then cleared. Other tabs hear of changes on a broadcast channel.
 * Browser-only: call these from effects and event handlers.
 * @module
 */
import { computed, signal } from "@preact/signals";
import type { Money } from "./catalog_types.ts";
import type { PricePeriod } from "./format.ts";
import {
  CART_COOKIE,
  cartCookieString,
  type CartLine,
  cookieValue,
  MAX_LINES,
  MAX_QUANTITY,
  parseCartCookie,
} from "./cart_cookie.ts";
import { networkProblem, type Problem, readProblem } from "./problem.ts";
import { authFetch, loadSession } from "./session.ts";

export type { CartLine };

/** One line of the signed-in user's cart, priced by the cart service. */
export interface ServerCartLine extends CartLine {
  title: string | null;
  type: string | null;
  /** The buyer's own amount for a pay-what-you-want product. */
  unitPrice: Money | null;
  /** A membership's billing period. */
  period?: PricePeriod | null;
  /** Set for pay-what-you-want: the least the buyer may pay. */
  minimumPrice?: Money | null;
  lineTotal: Money | null;
  available: number | null;
  /** The most units the line may hold now (what is left, capped per order). */
  maxQuantity: number;
  unavailable: boolean;
  reason: string | null;
}

/** The signed-in user's cart as `GET /api/cart` shows it. */
export interface ServerCart {
  items: ServerCartLine[];
  total: Money | null;
  /** The buyer's latest order still being processed: its items stay here until it completes. */
  openOrderId?: string | null;
}

/** What a change to the cart came to: the server's cart when signed in. */
export type CartResult =
  | { ok: true; cart: ServerCart | null; lines: CartLine[] }
  | { ok: false; problem: Problem };

/** The cart's lines; undefined until read. */
export const cartLines = signal<CartLine[] | undefined>(undefined);
/** Units in the cart, across lines. */
export const cartCount = computed(() =>
  (cartLines.value ?? []).reduce((sum, line) => sum + line.quantity, 0)
);

const CHANNEL = "marquee.cart";
/** This tab's mark on its broadcasts, so it does not react to its own. */
const TAB = Math.random().toString(36).slice(2);
const JSON_HEADERS = { "content-type": "application/json" };

/** The guest cart in this browser's cookie. */
export function readGuestCart(): CartLine[] {
  return parseCartCookie(cookieValue(document.cookie, CART_COOKIE));
}

function writeGuestCart(lines: CartLine[]) {
  document.cookie = cartCookieString(lines, location.protocol === "https:");
}

function announce() {
  try {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage({ from: TAB });
    channel.close();
  } catch {
    // No channel: other tabs catch up on their next page load.
  }
}

function adopt(cart: ServerCart): CartResult {
  const lines = cart.items.map(({ productId, quantity }) => ({ productId, quantity }));
  cartLines.value = lines;
  return { ok: true, cart, lines };
}

async function cartCall(path: string, init: RequestInit = {}): Promise<CartResult> {
  try {
    const res = await authFetch(path, init);
    if (!res.ok) return { ok: false, problem: await readProblem(res) };
    const result = adopt(await res.json() as ServerCart);
    if (init.method && init.method !== "GET") announce();
    return result;
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}

function changeGuestCart(change: (lines: CartLine[]) => CartLine[]): CartResult {
  const lines = change(readGuestCart()).filter((l) => l.quantity > 0).slice(0, MAX_LINES);
  writeGuestCart(lines);
  cartLines.value = readGuestCart();
  announce();
  return { ok: true, cart: null, lines: cartLines.value };
}

/** The signed-in user's cart, priced now. */
export function fetchCart(): Promise<CartResult> {
  return cartCall("/api/cart");
}

/**
 * Moves the guest cart into the signed-in user's cart (the larger quantity of a product
 * wins) and clears the cookie; true when there was nothing to move or it moved.
 */
export async function mergeGuestCart(): Promise<boolean> {
  const items = readGuestCart();
  if (items.length === 0) return true;
  const result = await cartCall("/api/cart/merge", {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ items }),
  });
  if (!result.ok) return false;
  writeGuestCart([]);
  return true;
}

let syncing: Promise<void> | null = null;

/** Reads the cart once per page, merging a guest cart left behind when signed in. */
export function syncCart(): Promise<void> {
  syncing ??= (async () => {
    const user = await loadSession();
    if (!user) {
      cartLines.value = readGuestCart();
      return;
    }
    if (readGuestCart().length > 0 && await mergeGuestCart()) return;
    const result = await fetchCart();
    if (!result.ok) cartLines.value ??= [];
  })();
  return syncing;
}

/**
 * Adds `quantity` units of a product (to a line already there); `amount` is the buyer's own
 * unit price of a pay-what-you-want product, in minor units.
 */
export async function addToCart(
  productId: string,
  quantity = 1,
  amount?: number,
): Promise<CartResult> {
  const chosen = amount === undefined ? {} : { amount };
  if (!await loadSession()) {
    return changeGuestCart((lines) => {
      const line = lines.find((l) => l.productId === productId);
      if (line) {
        Object.assign(line, chosen, { quantity: Math.min(MAX_QUANTITY, line.quantity + quantity) });
      } else lines.push({ productId, quantity: Math.min(MAX_QUANTITY, quantity), ...chosen });
      return lines;
    });
  }
  return await cartCall("/api/cart/items", {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ productId, quantity, ...chosen }),
  });
}

/** Sets a line's quantity; 0 removes the line. */
export async function setCartQuantity(productId: string, quantity: number): Promise<CartResult> {
  const units = Math.max(0, Math.min(MAX_QUANTITY, Math.trunc(quantity)));
  if (!await loadSession()) {
    return changeGuestCart((lines) =>
      lines.map((l) => l.productId === productId ? { ...l, quantity: units } : l)
    );
  }
  const path = `/api/cart/items/${encodeURIComponent(productId)}`;
  return units === 0 ? await cartCall(path, { method: "DELETE" }) : await cartCall(path, {
    method: "PATCH",
    headers: JSON_HEADERS,
    body: JSON.stringify({ quantity: units }),
  });
}

/** Follows changes made in other tabs; returns the function that stops following. */
export function watchCart(onChange?: () => void): () => void {
  void syncCart();
  let channel: BroadcastChannel | undefined;
  try {
    channel = new BroadcastChannel(CHANNEL);
  } catch {
    return () => {};
  }
  channel.onmessage = async (event: MessageEvent) => {
    if (event.data?.from === TAB) return;
    if (await loadSession()) await fetchCart();
    else cartLines.value = readGuestCart();
    onChange?.();
  };
  return () => channel?.close();
}
