import { useEffect, useState } from "preact/hooks";
import { addToCart, cartCount, cartLines, syncCart, watchCart } from "./_lib/cart.ts";
import { canBuyAgain, type ProductType } from "./_lib/catalog_types.ts";
import { maxUnits, shortReason } from "./_lib/quantity.ts";
import { authFetch, currentUser } from "./_lib/session.ts";

/** Props of {@linkcode AddToCart}. */
export interface AddToCartProps {
  productId: string;
  title: string;
  type: ProductType;
  /** Units left when the page was rendered; null when unlimited. */
  available?: number | null;
}

const units = (n: number) => `${n} ${n === 1 ? "item" : "items"}`;

/** Whether the signed-in user owns the product, from the subscriptions service's entitlements. */
async function owns(productId: string): Promise<boolean> {
  try {
    const res = await authFetch(`/api/entitlements/check?productId=${productId}`);
    if (!res.ok) {
      await res.body?.cancel();
      return false;
    }
    return (await res.json() as { access?: boolean }).access === true;
  } catch {
    // Not knowing offers the cart, which the order's own checks still guard.
    return false;
  }
}

/**
 * Adds the product to the cart (the guest cart cookie when signed out, the cart service when
 * signed in) and shows the cart's count. A signed-in owner sees "In your library" instead,
 * unless the type can be bought again; that is asked in the browser, since product pages are
 * cached for everyone.
 */
export default function AddToCart({ productId, title, type, available = null }: AddToCartProps) {
  // Disabled until the cart is known: before that a click could not do anything right.
  const [ready, setReady] = useState(false);
  const [owned, setOwned] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const stop = watchCart();
    void syncCart().then(async () => {
      if (currentUser.value && !canBuyAgain(type)) setOwned(await owns(productId));
      setReady(true);
    });
    return stop;
  }, []);

  const mine = cartLines.value?.find((line) => line.productId === productId)?.quantity ?? 0;
  const add = async () => {
    setError(null);
    // A full line is refused here for guests; the cart service refuses it for accounts.
    const short = shortReason(title, available, mine + 1);
    if (short) return setError(short);
    setBusy(true);
    const result = await addToCart(productId);
    setBusy(false);
    if (!result.ok) setError(Object.values(result.problem.fields)[0] ?? result.problem.message);
  };

  if (owned) {
    return (
      <div class="add-to-cart">
        <a class="button button-large" href="/library">In your library</a>
        <p class="cart-status">You own this product.</p>
      </div>
    );
  }
  const soldOut = maxUnits(available) === 0;
  const statusId = `cart-status-${productId}`;
  const total = cartCount.value;
  return (
    <div class="add-to-cart">
      <button
        type="button"
        class="button button-large"
        disabled={!ready || busy || soldOut}
        aria-describedby={statusId}
        onClick={add}
      >
        {soldOut ? "Sold out" : "Add to cart"}
      </button>
      <p id={statusId} class="cart-status" role="status">
        {total > 0 ? `${units(total)} in your cart` : ""}
        {mine > 0 ? `, ${mine} of “${title}”` : ""}
        {total > 0 ? " · " : ""}
        {total > 0 ? <a href="/cart">View cart</a> : null}
      </p>
      {error ? <p class="field-error" role="alert">{error}</p> : null}
    </div>
  );
}
