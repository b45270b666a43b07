import { FormMessage } from "./_lib/Field.tsx";
import { formatDate, formatPrice } from "./_lib/format.ts";
import { SessionGate } from "./_lib/Gate.tsx";
import { itemCount, type Order, statusLabel } from "./_lib/orders.ts";
import { currentUser } from "./_lib/session.ts";
import { useCursorPages } from "./_lib/cursor_pages.ts";
import { ShowMore } from "./_lib/ShowMore.tsx";

/** The signed-in user's orders, newest first (`GET /api/orders`), with "Show more". */
export default function OrderList() {
  const { page, error, busy, load } = useCursorPages<Order>(
    (cursor) => `/api/orders${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
  );

  const user = currentUser.value;
  if (!user) return <SessionGate user={user} next="/orders" purpose="see your orders" />;
  if (!page) {
    return error
      ? <FormMessage error={error} />
      : <p class="loading" role="status">Loading your orders…</p>;
  }
  if (page.items.length === 0) {
    return (
      <div class="notice empty-state">
        <p>
          No orders yet. When you buy something, its order shows here with its receipt, and what you
          bought goes to your library.
        </p>
        <p>
          <a class="button" href="/products">Browse the store</a>
        </p>
      </div>
    );
  }
  return (
    <>
      <FormMessage error={error} />
      <ul class="order-list" role="list">
        {page.items.map((order) => (
          <li key={order.id}>
            <a href={`/orders/${order.id}`}>
              {order.lines.map((l) => l.title).join(", ")}
            </a>
            <span>
              {`${formatDate(order.placedAt)} · ${itemCount(order.lines)} · ${
                formatPrice(order.total)
              } · ${statusLabel(order.status)}`}
            </span>
          </li>
        ))}
      </ul>
      <ShowMore cursor={page.nextCursor} busy={busy} load={load} />
    </>
  );
}
