/**
 * The notice the cart and checkout show while the buyer's last order is being processed: the
 * cart empties only when an order completes, so its items are still there.
 * @module
 */
/** Says that an order is still being processed, so paying for the cart would buy it twice. */
export function OpenOrderNotice({ orderId }: { orderId: string }) {
  return (
    <div class="notice" role="status">
      <p>
        Your last order is still being processed, and its items stay in your cart until it
        completes. Paying for them again would buy them twice.{" "}
        <a href={`/orders/${orderId}`}>See that order</a>
      </p>
    </div>
  );
}
