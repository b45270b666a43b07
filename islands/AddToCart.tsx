import { useEffect, useState } from "preact/hooks";
import { addToCart, cartCount, cartLines, syncCart, watchCart } from "./_lib/cart.ts";

/** Props of {@linkcode AddToCart}. */
export interface AddToCartProps {
  productId: string;
  title: string;
  soldOut?: boolean;
}

const units = (n: number) => `${n} ${n === 1 ? "item" : "items"}`;

/**
 * Adds the product to the cart (the guest cart cookie when signed out, the cart service when
 * signed in) and shows the cart's count.
 */
export default function AddToCart({ productId, title, soldOut = false }: AddToCartProps) {
  // Disabled until the cart is known: before that a click could not do anything right.
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const stop = watchCart();
    void syncCart().then(() => setReady(true));
    return stop;
  }, []);

  const add = async () => {
    setBusy(true);
    setError(null);
    const result = await addToCart(productId);
    setBusy(false);
    if (!result.ok) setError(result.problem.message);
  };

  const statusId = `cart-status-${productId}`;
  const total = cartCount.value;
  const mine = cartLines.value?.find((line) => line.productId === productId)?.quantity ?? 0;
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
