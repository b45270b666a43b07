import { useEffect, useRef, useState } from "preact/hooks";
import { fetchCart, type ServerCart, syncCart } from "./_lib/cart.ts";
import { attemptKey, endAttempt } from "./_lib/checkout_attempt.ts";
import { type AppliedCode, DiscountCode, discounted, Totals } from "./_lib/DiscountCode.tsx";
import { FormMessage } from "./_lib/Field.tsx";
import { OpenOrderNotice } from "./_lib/OpenOrderNotice.tsx";
import { formatPrice, withPeriod } from "./_lib/format.ts";
import { SessionGate } from "./_lib/Gate.tsx";
import type { Order } from "./_lib/orders.ts";
import { safeNextPath } from "./_lib/next_path.ts";
import { networkProblem, readProblem } from "./_lib/problem.ts";
import { authFetch, currentUser } from "./_lib/session.ts";
import {
  isTestMode,
  loadStripe,
  type StripeCardElement,
  type StripeClient,
  TEST_PAYMENT_METHODS,
} from "./_lib/stripe.ts";

/** Props of {@linkcode Checkout}. */
export interface CheckoutProps {
  /** Stripe's publishable key; without one, only the test payment methods are offered. */
  publishableKey: string | null;
}

const CARD = "card";

/**
 * Checkout: the order summary, a payment method, and `POST /api/orders` (the lines that can
 * be bought now) with one Idempotency-Key per attempt; then the order's page. With a publishable key the card is
 * entered in Stripe's card field and becomes a payment method there.
 */
export default function Checkout({ publishableKey }: CheckoutProps) {
  const [cart, setCart] = useState<ServerCart | null>(null);
  const [method, setMethod] = useState(publishableKey ? CARD : TEST_PAYMENT_METHODS[0]!.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [applied, setApplied] = useState<AppliedCode | null>(null);
  const stripe = useRef<{ client: StripeClient; card: StripeCardElement } | null>(null);
  const cardSlot = useRef<HTMLDivElement>(null);
  const testMode = isTestMode(publishableKey);

  useEffect(() => {
    void (async () => {
      await syncCart();
      if (!currentUser.value) return;
      const result = await fetchCart();
      if (result.ok && result.cart) setCart(result.cart);
      else if (!result.ok) setError(result.problem.message);
    })();
  }, []);

  useEffect(() => {
    if (!publishableKey || !cart || !cardSlot.current || stripe.current) return;
    loadStripe(publishableKey).then((client) => {
      const card = client.elements().create("card");
      card.mount(cardSlot.current!);
      stripe.current = { client, card };
    }).catch(() => setError("The card form could not be loaded. Try again later."));
    return () => stripe.current?.card.destroy();
  }, [publishableKey, cart !== null]);

  const user = currentUser.value;
  if (!user) return <SessionGate user={user} next="/checkout" purpose="check out" />;
  if (!cart) {
    return error
      ? <FormMessage error={error} />
      : <p class="loading" role="status">Loading your order…</p>;
  }
  const lines = cart.items.filter((l) => !l.unavailable);
  const left = cart.items.filter((l) => l.unavailable);
  // Each line that stays behind, by name and why.
  const leftOut = left.length > 0
    ? (
      <ul class="cart-line-problem" role="list" aria-label="Not in this order">
        {left.map((l) => (
          <li key={l.productId}>{`${l.reason ?? `"${l.title}" cannot be bought now`}.`}</li>
        ))}
      </ul>
    )
    : null;
  if (lines.length === 0) {
    return (
      <div class="notice">
        {leftOut}
        <p>
          There is nothing to buy in your cart. <a href="/cart">Back to your cart</a>
        </p>
      </div>
    );
  }

  const total = cart.total ? discounted(cart.total, applied) : null;
  // Nothing to pay (free products, or a code that covers it all): no card is asked for.
  const free = total?.amount === 0;

  /** The provider payment method to charge, from the card field when that is chosen. */
  const paymentMethodId = async (): Promise<string | null> => {
    if (free) return "";
    if (method !== CARD) return method;
    if (!stripe.current) {
      setError("The card form is still loading.");
      return null;
    }
    const { paymentMethod, error } = await stripe.current.client.createPaymentMethod({
      type: "card",
      card: stripe.current.card,
    });
    if (!paymentMethod) setError(error?.message ?? "The card could not be used.");
    return paymentMethod?.id ?? null;
  };

  const pay = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const paymentMethod = await paymentMethodId();
      if (paymentMethod === null) return setBusy(false);
      // The lines that can be bought now (with the buyer's own amounts); the others stay.
      const items = lines.map(({ productId, quantity, minimumPrice, unitPrice }) => ({
        productId,
        quantity,
        ...(minimumPrice && unitPrice ? { amount: unitPrice.amount } : {}),
      }));
      const body = JSON.stringify({
        items,
        ...(paymentMethod ? { paymentMethod } : {}),
        ...(applied ? { discountCode: applied.code } : {}),
      });
      const res = await authFetch("/api/orders", {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": attemptKey(body) },
        body,
      });
      if (!res.ok) {
        const problem = await readProblem(res);
        const named = Object.values(problem.fields);
        setError(named.length > 0 ? named.join(". ") : problem.message);
        // Stock may have changed since the page was read: the summary and total follow.
        const fresh = await fetchCart();
        if (fresh.ok && fresh.cart) setCart(fresh.cart);
        setBusy(false);
        return;
      }
      const order = await res.json() as Order;
      endAttempt();
      // A page that sent the buyer here (`?next=`, a stream's page) is offered back once paid.
      const next = safeNextPath(new URLSearchParams(location.search).get("next"), "");
      location.assign(`/orders/${order.id}${next ? `?next=${encodeURIComponent(next)}` : ""}`);
    } catch {
      // The answer was lost: the same attempt (and key) is sent again on the next click.
      setError(networkProblem().message);
      setBusy(false);
    }
  };

  return (
    <form class="checkout form" onSubmit={pay} noValidate>
      {cart.openOrderId ? <OpenOrderNotice orderId={cart.openOrderId} /> : null}
      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">Order summary</h2>
        <ul class="summary-lines" role="list">
          {lines.map((l) => (
            <li key={l.productId}>
              <span>{`${l.title ?? "Product"} × ${l.quantity}`}</span>
              <span>{l.lineTotal ? withPeriod(formatPrice(l.lineTotal), l.period) : ""}</span>
            </li>
          ))}
        </ul>
        {leftOut
          ? (
            <>
              {leftOut}
              <p class="field-hint">
                {left.length === 1
                  ? "It stays in your cart and is not in the total. "
                  : "They stay in your cart and are not in the total. "}
                <a href="/cart">Change your cart</a>
              </p>
            </>
          )
          : null}
        {cart.total
          ? (
            <>
              <DiscountCode
                lines={lines.flatMap((l) =>
                  l.unitPrice
                    ? [{ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice }]
                    : []
                )}
                onChange={setApplied}
              />
              <Totals subtotal={cart.total} applied={applied} />
            </>
          )
          : (
            <p class="cart-total">
              Total: <strong>—</strong>
            </p>
          )}
      </section>
      <fieldset class="payment-methods" hidden={free}>
        <legend>Payment method</legend>
        {publishableKey
          ? (
            <div class="payment-option">
              <label>
                <input
                  type="radio"
                  name="payment-method"
                  value={CARD}
                  checked={method === CARD}
                  onChange={() => setMethod(CARD)}
                />{" "}
                Card
              </label>
              <div ref={cardSlot} class="card-element" hidden={method !== CARD} />
            </div>
          )
          : null}
        {testMode
          ? TEST_PAYMENT_METHODS.map((m) => (
            <div class="payment-option" key={m.id}>
              <label>
                <input
                  type="radio"
                  name="payment-method"
                  value={m.id}
                  checked={method === m.id}
                  onChange={() => setMethod(m.id)}
                />{" "}
                {m.label}
              </label>
            </div>
          ))
          : null}
        {testMode ? <p class="field-hint">Test mode: no real card is charged.</p> : null}
      </fieldset>
      <FormMessage error={error} />
      <button class="button button-large" type="submit" disabled={busy}>
        {busy
          ? "Placing your order…"
          : free
          ? "Get it for free"
          : `Pay ${total ? formatPrice(total) : ""}`}
      </button>
    </form>
  );
}
