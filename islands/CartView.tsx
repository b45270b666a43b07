import { useEffect, useState } from "preact/hooks";
import type { Money, Product } from "./_lib/catalog_types.ts";
import {
  type CartLine,
  type CartResult,
  fetchCart,
  readGuestCart,
  type ServerCart,
  setCartQuantity,
  syncCart,
  watchCart,
} from "./_lib/cart.ts";
import { type AppliedCode, DiscountCode, Totals } from "./_lib/DiscountCode.tsx";
import { FormMessage } from "./_lib/Field.tsx";
import { OpenOrderNotice } from "./_lib/OpenOrderNotice.tsx";
import { formatPrice, type PricePeriod, withPeriod } from "./_lib/format.ts";
import { authPagePath } from "./_lib/next_path.ts";
import { maxUnits, quantityChoices, shortReason } from "./_lib/quantity.ts";
import { currentUser } from "./_lib/session.ts";

/** A line as the page shows it, priced by the cart service or, signed out, by the catalog. */
interface ViewLine {
  productId: string;
  quantity: number;
  title: string | null;
  unitPrice: Money | null;
  /** A membership's billing period: its price reads "$9.00 / month". */
  period?: PricePeriod | null;
  lineTotal: Money | null;
  /** The most units the picker offers. */
  maxQuantity: number;
  /** Why the line cannot be bought now, naming the product; it is then left out of the total. */
  reason: string | null;
}

interface View {
  lines: ViewLine[];
  total: Money | null;
  /** The buyer's order still being processed; its items stay here until it completes. */
  openOrderId?: string | null;
}

/** Prices a guest cart from the public catalog (`GET /api/products/{id}`). */
async function priceGuestCart(lines: CartLine[]): Promise<View> {
  const priced = await Promise.all(lines.map(async (line): Promise<ViewLine> => {
    const base = {
      ...line,
      title: null,
      unitPrice: null,
      lineTotal: null,
      maxQuantity: line.quantity,
    };
    const unchecked = "The price of a product in your cart could not be checked";
    try {
      const res = await fetch(`/api/products/${line.productId}`, {
        headers: { accept: "application/json" },
      });
      if (!res.ok) {
        await res.body?.cancel();
        const gone = "A product in your cart is no longer on sale";
        return { ...base, reason: res.status === 404 ? gone : unchecked };
      }
      const p = await res.json() as Product;
      // Pay what you want: the buyer's amount, at least the price (the server checks again).
      const chosen = p.payWhatYouWant
        ? line.amount ?? p.payWhatYouWant.suggestedAmount ?? p.price.amount
        : p.price.amount;
      const low = chosen < p.price.amount
        ? `Pay at least ${formatPrice(p.price)} for "${p.title}"`
        : null;
      return {
        ...line,
        title: p.title,
        unitPrice: { amount: chosen, currency: p.price.currency },
        period: p.membership?.period ?? null,
        lineTotal: { amount: chosen * line.quantity, currency: p.price.currency },
        maxQuantity: maxUnits(p.available),
        reason: shortReason(p.title, p.available, line.quantity) ?? low,
      };
    } catch {
      return { ...base, reason: unchecked };
    }
  }));
  return { lines: priced, total: totalOf(priced) };
}

function totalOf(lines: ViewLine[]): Money | null {
  const ok = lines.filter((l) => !l.reason && l.lineTotal);
  const currencies = new Set(ok.map((l) => l.lineTotal!.currency));
  if (currencies.size > 1) return null;
  return {
    amount: ok.reduce((sum, l) => sum + l.lineTotal!.amount, 0),
    currency: [...currencies][0] ?? "USD",
  };
}

const fromServer = (
  { items, total, openOrderId }: Pick<ServerCart, "items" | "total" | "openOrderId">,
): View => ({
  openOrderId: openOrderId ?? null,
  lines: items.map((i) => ({
    productId: i.productId,
    quantity: i.quantity,
    title: i.title,
    unitPrice: i.unitPrice,
    period: i.period ?? null,
    lineTotal: i.lineTotal,
    maxQuantity: i.maxQuantity,
    reason: i.unavailable ? i.reason ?? `"${i.title ?? "A product"}" cannot be bought now` : null,
  })),
  total,
});

/** The cart page: lines with price, quantity and remove, the total and the way to checkout. */
export default function CartView() {
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [applied, setApplied] = useState<AppliedCode | null>(null);

  const show = async (result?: CartResult) => {
    if (result && !result.ok) {
      // A refused quantity names the product in its field error.
      setError(Object.values(result.problem.fields)[0] ?? result.problem.message);
      return;
    }
    if (result?.cart) {
      setView(fromServer(result.cart));
      return;
    }
    if (currentUser.value) {
      const fresh = await fetchCart();
      if (fresh.ok && fresh.cart) setView(fromServer(fresh.cart));
      else if (!fresh.ok) setError(fresh.problem.message);
      return;
    }
    setView(await priceGuestCart(readGuestCart()));
  };

  useEffect(() => {
    const stop = watchCart(() => void show());
    void syncCart().then(() => show());
    return stop;
  }, []);

  const change = async (productId: string, quantity: number) => {
    setBusy(productId);
    setError(null);
    await show(await setCartQuantity(productId, quantity));
    setBusy(null);
  };

  if (!view) {
    return error
      ? <FormMessage error={error} />
      : <p class="loading" role="status">Loading your cart…</p>;
  }
  if (view.lines.length === 0) {
    return (
      <div class="notice">
        <p>
          Your cart is empty. <a href="/products">Browse products</a>
        </p>
      </div>
    );
  }
  const signedIn = !!currentUser.value;
  const buyable = view.lines.some((l) => !l.reason);
  return (
    <section class="cart" aria-labelledby="cart-heading">
      <h2 id="cart-heading" class="visually-hidden">Items</h2>
      <FormMessage error={error} />
      {view.openOrderId ? <OpenOrderNotice orderId={view.openOrderId} /> : null}
      {/* Narrow screens show each row as a card, its cells labelled from `data-label`. */}
      <table class="cart-table">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Price</th>
            <th scope="col">Quantity</th>
            <th scope="col">Total</th>
            <th scope="col">
              <span class="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {view.lines.map((line) => {
            const name = line.title ?? "Unavailable product";
            const qtyId = `qty-${line.productId}`;
            return (
              <tr key={line.productId}>
                <th scope="row">
                  {line.title ? <a href={`/products/${line.productId}`}>{name}</a> : name}
                  {line.reason ? <p class="cart-line-problem">{line.reason}</p> : null}
                </th>
                <td class="cart-price" data-label="Price">
                  {line.unitPrice ? withPeriod(formatPrice(line.unitPrice), line.period) : "—"}
                </td>
                <td class="cart-quantity" data-label="Quantity">
                  <label class="visually-hidden" for={qtyId}>{`Quantity of ${name}`}</label>
                  <select
                    id={qtyId}
                    value={String(line.quantity)}
                    disabled={busy !== null}
                    onChange={(e) => void change(line.productId, Number(e.currentTarget.value))}
                  >
                    {quantityChoices(line.quantity, line.maxQuantity).map((c) => (
                      <option key={c.value} value={String(c.value)} disabled={c.over}>
                        {c.value}
                      </option>
                    ))}
                  </select>
                </td>
                <td class="cart-line-total" data-label="Total">
                  {line.reason
                    ? "Not in total"
                    : line.lineTotal
                    ? formatPrice(line.lineTotal)
                    : "—"}
                </td>
                <td class="cart-remove">
                  <button
                    type="button"
                    class="button button-quiet"
                    disabled={busy !== null}
                    aria-label={`Remove ${name}`}
                    onClick={() => void change(line.productId, 0)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {buyable && view.total
        ? (
          <>
            <DiscountCode
              lines={view.lines.flatMap((l) =>
                !l.reason && l.unitPrice
                  ? [{ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice }]
                  : []
              )}
              onChange={setApplied}
            />
            <Totals subtotal={view.total} applied={applied} />
          </>
        )
        : buyable
        ? (
          <p class="cart-total">
            Total: <strong>Items in several currencies</strong>
          </p>
        )
        : <p class="cart-total">Nothing in your cart can be bought now.</p>}
      {view.lines.some((l) => l.reason)
        ? (
          <p class="field-hint">
            The total leaves out what cannot be bought now; lower its quantity or remove it.
          </p>
        )
        : null}
      {signedIn
        ? (
          <a
            class={`button button-large${buyable ? "" : " disabled"}`}
            href="/checkout"
            aria-disabled={buyable ? undefined : "true"}
          >
            Checkout
          </a>
        )
        : (
          <p class="cart-signin">
            <a class="button button-large" href={authPagePath("/signup", "/checkout")}>Checkout</a>
            {" "}
            <span>
              You will create an account or{" "}
              <a href={authPagePath("/signin", "/checkout")}>sign in</a>{" "}
              first; your cart comes with you.
            </span>
          </p>
        )}
    </section>
  );
}
