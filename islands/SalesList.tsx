import type { Money } from "./_lib/catalog_types.ts";
import { FormMessage } from "./_lib/Field.tsx";
import { formatDate, formatPrice } from "./_lib/format.ts";
import { SessionGate } from "./_lib/Gate.tsx";
import { currentUser, isCreator } from "./_lib/session.ts";
import { useCursorPages } from "./_lib/cursor_pages.ts";
import { ShowMore } from "./_lib/ShowMore.tsx";

interface Sale {
  orderId: string;
  placedAt: string;
  productId: string;
  title: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

/** A creator's sales (`GET /api/sales`): completed order lines of their products, newest first. */
export default function SalesList() {
  const { page, error, busy, load } = useCursorPages<Sale>(
    (cursor) => `/api/sales?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    isCreator,
  );

  const user = currentUser.value;
  if (!user) return <SessionGate user={user} next="/dashboard/sales" purpose="see your sales" />;
  if (!isCreator(user)) {
    return (
      <div class="notice">
        <p>Sales are for creators. Your account buys only.</p>
      </div>
    );
  }
  if (!page) {
    return error
      ? <FormMessage error={error} />
      : <p class="loading" role="status">Loading your sales…</p>;
  }
  if (page.items.length === 0) return <p class="notice">No sales yet.</p>;
  return (
    <>
      <FormMessage error={error} />
      <table class="sales-table">
        <caption class="visually-hidden">Your sales, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Product</th>
            <th scope="col">Quantity</th>
            <th scope="col">Price</th>
            <th scope="col">Total</th>
            <th scope="col">Order</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((sale) => (
            <tr key={`${sale.orderId}-${sale.productId}`}>
              <td>{formatDate(sale.placedAt)}</td>
              <th scope="row">
                <a href={`/dashboard/products/${sale.productId}`}>{sale.title}</a>
              </th>
              <td>{sale.quantity}</td>
              <td>{formatPrice(sale.unitPrice)}</td>
              <td>{formatPrice(sale.lineTotal)}</td>
              <td>
                <code>{sale.orderId.slice(0, 8)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ShowMore cursor={page.nextCursor} busy={busy} load={load} />
    </>
  );
}
