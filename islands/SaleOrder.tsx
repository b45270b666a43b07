import { useEffect, useState } from "preact/hooks";
import type { Money } from "./_lib/catalog_types.ts";
import { FormMessage } from "./_lib/Field.tsx";
import { formatDate, formatPrice } from "./_lib/format.ts";
import { SessionGate } from "./_lib/Gate.tsx";
import { statusLabel } from "./_lib/orders.ts";
import { networkProblem, readProblem } from "./_lib/problem.ts";
import { authFetch, currentUser, isCreator, loadSession } from "./_lib/session.ts";

interface SaleLine {
  productId: string;
  title: string;
  quantity: number;
  unitPrice: Money;
  discount: Money;
  lineTotal: Money;
}

interface SaleOrder {
  id: string;
  status: Parameters<typeof statusLabel>[0];
  placedAt: string;
  paidAt: string | null;
  buyerName: string | null;
  lines: SaleLine[];
  total: Money;
}

/**
 * One order as its seller sees it (`GET /api/sales/orders/{id}`): the buyer's name, when it
 * was placed and paid, and only this creator's lines of it.
 */
export default function SaleOrder({ orderId }: { orderId: string }) {
  const [order, setOrder] = useState<SaleOrder | null>(null);
  const [error, setError] = useState<string | null>(null);
  const user = currentUser.value;
  const allowed = isCreator(user);

  useEffect(() => {
    void loadSession();
  }, []);
  useEffect(() => {
    if (!allowed) return;
    void (async () => {
      const res = await authFetch(`/api/sales/orders/${orderId}`);
      if (res.ok) return setOrder(await res.json() as SaleOrder);
      const problem = await readProblem(res);
      setError(
        problem.status === 404 ? "None of your products are in this order." : problem.message,
      );
    })().catch(() => setError(networkProblem().message));
  }, [allowed, orderId]);

  if (!user) {
    return <SessionGate user={user} next={`/dashboard/sales/${orderId}`} purpose="see this sale" />;
  }
  if (!allowed) {
    return (
      <div class="notice">
        <p>Sales are for creators. Your account buys only.</p>
      </div>
    );
  }
  if (!order) {
    return error
      ? <FormMessage error={error} />
      : <p class="loading" role="status">Loading the sale…</p>;
  }
  return (
    <section class="order" aria-labelledby="sale-status">
      <h2 id="sale-status">{statusLabel(order.status)}</h2>
      <dl class="sale-facts">
        <dt>Buyer</dt>
        <dd>{order.buyerName ?? "A buyer"}</dd>
        <dt>Placed</dt>
        <dd>{formatDate(order.placedAt)}</dd>
        {order.paidAt
          ? (
            <>
              <dt>Paid</dt>
              <dd>{formatDate(order.paidAt)}</dd>
            </>
          )
          : null}
      </dl>
      <h3>Your products in this order</h3>
      <ul class="summary-lines" role="list">
        {order.lines.map((l) => (
          <li key={l.productId}>
            <span>
              <a href={`/dashboard/products/${l.productId}`}>{l.title}</a>
              {` × ${l.quantity}`}
              {l.discount.amount > 0
                ? <span class="sale-discount">{`${formatPrice(l.discount)} off`}</span>
                : null}
            </span>
            <span>{formatPrice(l.lineTotal)}</span>
          </li>
        ))}
      </ul>
      <p class="cart-total">
        Total for your products: <strong>{formatPrice(order.total)}</strong>
      </p>
    </section>
  );
}
