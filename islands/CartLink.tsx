import { useEffect } from "preact/hooks";
import { cartCount, cartLines, watchCart } from "./_lib/cart.ts";

/**
 * The header's link to the cart with its count. The server renders it without a count
 * (cached pages hold no visitor's data); the browser adds the count once the cart is read.
 */
export default function CartLink() {
  useEffect(() => watchCart(), []);
  const known = cartLines.value !== undefined;
  const count = cartCount.value;
  const label = known ? `Cart, ${count} ${count === 1 ? "item" : "items"}` : "Cart";
  return (
    <a class="cart-link" href="/cart" aria-label={label}>
      Cart
      {known && count > 0 ? <span class="cart-count" aria-hidden="true">{count}</span> : null}
    </a>
  );
}
