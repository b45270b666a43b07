import { useEffect, useState } from "preact/hooks";
import { FormMessage } from "./_lib/Field.tsx";
import { formatDate, formatPrice } from "./_lib/format.ts";
import { SessionGate } from "./_lib/Gate.tsx";
import { itemCount, type Order, statusLabel } from "./_lib/orders.ts";
import { networkProblem, readProblem } from "./_lib/problem.ts";
import { authFetch, currentUser, loadSession } from "./_lib/session.ts";

interface OrderPage {
  items: Order[];
  nextCursor: string | null;
}

/** The signed-in user's orders, newest first (`GET /api/orders`), with "Show more". */
export default function OrderList() {
  const [page, setPage] = useState<OrderPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (cursor?: string) => {
    setBusy(true);
    try {
      const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : "";
      const res = await authFetch(`/api/orders${query}`);
      if (!res.ok) setError((await readProblem(res)).message);
      else {
        const next = await res.json() as OrderPage;
        setPage((prev) =>
          cursor && prev
            ? { items: [...prev.items, ...next.items], nextCursor: next.nextCursor }
            : next
        );
      }
    } catch {
      setError(networkProblem().message);
    }
    setBusy(false);
  };

  useEffect(() => {
    void loadSession().then((user) => {
      if (user) void load();
    });
  }, []);

  const user = currentUser.value;
  if (!user) return <SessionGate user={user} next="/orders" purpose="see your orders" />;
  if (!page) {
    return error
      ? <FormMessage error={error} />
      : <p class="loading" role="status">Loading your orders…</p>;
  }
  if (page.items.length === 0) {
    return (
      <div class="notice">
        <p>
          No orders yet. <a href="/products">Browse products</a>
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
      {page.nextCursor
        ? (
          <button
            type="button"
            class="button button-quiet"
            disabled={busy}
            onClick={() => void load(page.nextCursor!)}
          >
            Show more
          </button>
        )
        : null}
    </>
  );
}
