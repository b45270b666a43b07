import { useEffect, useState } from "preact/hooks";
import { addToCart, cartCount, readCart, watchCart } from "./_lib/cart.ts";

/** Props of {@linkcode AddToCart}. */
export interface AddToCartProps {
  productId: string;
  title: string;
  soldOut?: boolean;
}

const units = (n: number) => `${n} ${n === 1 ? "item" : "items"}`;

/**
 * Adds the product to the guest cart in this browser and shows the cart's count. The cart
 * service will take over the stored lines later.
 */
export default function AddToCart({ productId, title, soldOut = false }: AddToCartProps) {
  // Disabled until hydrated: before that a click could not do anything.
  const [ready, setReady] = useState(false);
  const [mine, setMine] = useState(0);
  useEffect(() => {
    const stop = watchCart();
    setMine(readCart().find((line) => line.productId === productId)?.quantity ?? 0);
    setReady(true);
    return stop;
  }, [productId]);

  const statusId = `cart-status-${productId}`;
  const total = cartCount.value;
  return (
    <div class="add-to-cart">
      <button
        type="button"
        class="button button-large"
        disabled={!ready || soldOut}
        aria-describedby={statusId}
        onClick={() => setMine(addToCart(productId).quantity)}
      >
        {soldOut ? "Sold out" : "Add to cart"}
      </button>
      <p id={statusId} class="cart-status" role="status">
        {total > 0 ? `${units(total)} in your cart` : ""}
        {mine > 0 ? `, ${mine} of “${title}”` : ""}
      </p>
    </div>
  );
}
