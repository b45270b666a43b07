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
  // The name is the visible text with a word after the number: "Cart 2 items".
  return (
    <a class="cart-link" href="/cart">
      Cart
      {known && count > 0
        ? (
          <span class="cart-count">
            {count}
            <span class="visually-hidden">{count === 1 ? " item" : " items"}</span>
          </span>
        )
        : null}
    </a>
  );
}
