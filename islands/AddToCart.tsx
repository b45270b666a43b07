import { useEffect, useState } from "preact/hooks";
import { addToCart, cartCount, cartLines, syncCart, watchCart } from "./_lib/cart.ts";
import { canBuyAgain, type Money, type ProductType } from "./_lib/catalog_types.ts";
import { fieldAria } from "./_lib/Field.tsx";
import { formatPrice, fromMinorUnits, minorDigits, toMinorUnits } from "./_lib/format.ts";
import { authPagePath } from "./_lib/next_path.ts";
import type { Order } from "./_lib/orders.ts";
import { networkProblem, readProblem } from "./_lib/problem.ts";
import { maxUnits, shortReason } from "./_lib/quantity.ts";
import { authFetch, currentUser } from "./_lib/session.ts";

/** Props of {@linkcode AddToCart}. */
export interface AddToCartProps {
  productId: string;
  title: string;
  type: ProductType;
  /** Units left when the page was rendered; null when unlimited. */
  available?: number | null;
  /** The price, or the minimum of a pay-what-you-want product. */
  price?: Money;
  /** Set when the buyer names the price. */
  payWhatYouWant?: { suggestedAmount: number | null } | null;
}

/** How long "Get it" waits for a free order to complete before showing the order page. */
const FREE_WAIT_MS = 15_000;

/** Places a free order of one unit and follows it: the library once it completes. */
async function getFree(productId: string): Promise<string | null> {
  const body = JSON.stringify({ items: [{ productId, quantity: 1 }] });
  try {
    const res = await authFetch("/api/orders", {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
      body,
    });
    if (!res.ok) {
      const problem = await readProblem(res);
      return Object.values(problem.fields)[0] ?? problem.message;
    }
    const order = await res.json() as Order;
    const until = Date.now() + FREE_WAIT_MS;
    while (Date.now() < until) {
      const poll = await authFetch(`/api/orders/${order.id}`);
      const now = poll.ok ? await poll.json() as Order : null;
      if (now?.status === "COMPLETED") {
        location.assign("/library");
        return null;
      }
      if (now && ["CANCELLED", "FAILED"].includes(now.status)) break;
      await new Promise((r) => setTimeout(r, 400));
    }
    location.assign(`/orders/${order.id}`);
    return null;
  } catch {
    return networkProblem().message;
  }
}

const units = (n: number) => `${n} ${n === 1 ? "item" : "items"}`;

/** Whether the signed-in user owns the product, from the subscriptions service's entitlements. */
async function owns(productId: string): Promise<boolean> {
  try {
    const res = await authFetch(`/api/entitlements/check?productId=${productId}`);
    if (!res.ok) {
      await res.body?.cancel();
      return false;
    }
    return (await res.json() as { access?: boolean }).access === true;
  } catch {
    // Not knowing offers the cart, which the order's own checks still guard.
    return false;
  }
}

/**
 * Adds the product to the cart (the guest cart cookie when signed out, the cart service when
 * signed in) and shows the cart's count. A signed-in owner sees "In your library" instead,
 * unless the type can be bought again; that is asked in the browser, since product pages are
 * cached for everyone.
 */
export default function AddToCart(
  { productId, title, type, available = null, price, payWhatYouWant = null }: AddToCartProps,
) {
  // Disabled until the cart is known: before that a click could not do anything right.
  const [ready, setReady] = useState(false);
  const [owned, setOwned] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const minimum = price ?? { amount: 0, currency: "USD" };
  const [amountText, setAmountText] = useState(() =>
    payWhatYouWant
      ? fromMinorUnits(payWhatYouWant.suggestedAmount ?? minimum.amount, minimum.currency)
      : ""
  );
  const [amountError, setAmountError] = useState<string | null>(null);
  const free = !payWhatYouWant && price?.amount === 0;
  useEffect(() => {
    const stop = watchCart();
    void syncCart().then(async () => {
      if (currentUser.value && !canBuyAgain(type)) setOwned(await owns(productId));
      setReady(true);
    });
    return stop;
  }, []);

  const mine = cartLines.value?.find((line) => line.productId === productId)?.quantity ?? 0;
  const add = async () => {
    setError(null);
    // A full line is refused here for guests; the cart service refuses it for accounts.
    const short = shortReason(title, available, mine + 1);
    if (short) return setError(short);
    let amount: number | undefined;
    if (payWhatYouWant) {
      const typed = toMinorUnits(amountText, minimum.currency);
      const problem = amountProblem(typed, minimum);
      setAmountError(problem);
      if (problem !== null || typed === null) {
        document.getElementById(amountId)?.focus();
        return;
      }
      amount = typed;
    }
    setBusy(true);
    const result = await addToCart(productId, 1, amount);
    setBusy(false);
    if (!result.ok) setError(Object.values(result.problem.fields)[0] ?? result.problem.message);
  };

  if (owned) {
    return (
      <div class="add-to-cart">
        <a class="button button-large" href="/library">In your library</a>
        <p class="cart-status">You own this product.</p>
      </div>
    );
  }
  const soldOut = maxUnits(available) === 0;
  const statusId = `cart-status-${productId}`;
  const amountId = `amount-${productId}`;
  const total = cartCount.value;
  if (free) {
    const get = async () => {
      if (!currentUser.value) {
        location.assign(authPagePath("/signin", location.pathname));
        return;
      }
      setBusy(true);
      setError(null);
      const refused = await getFree(productId);
      if (refused) {
        setError(refused);
        setBusy(false);
      }
    };
    return (
      <div class="add-to-cart">
        <button
          type="button"
          class="button button-large"
          disabled={!ready || busy || soldOut}
          onClick={get}
        >
          {soldOut ? "Sold out" : busy ? "Getting it…" : "Get it"}
        </button>
        <p class="cart-status" role="status">
          {ready && !currentUser.value ? "Free: sign in to add it to your library." : ""}
        </p>
        {error ? <p class="field-error" role="alert">{error}</p> : null}
      </div>
    );
  }
  const amountHint = payWhatYouWant
    ? minimum.amount === 0
      ? `Name a fair price in ${minimum.currency}, or 0.`
      : `At least ${formatPrice(minimum)}.`
    : "";
  return (
    <div class="add-to-cart">
      {payWhatYouWant
        ? (
          <div class="field pwyw-amount">
            <label for={amountId}>
              {minimum.amount === 0 ? "Name a fair price" : "Pay what you want"}
            </label>
            <input
              id={amountId}
              type="text"
              inputMode={minorDigits(minimum.currency) === 0 ? "numeric" : "decimal"}
              autocomplete="off"
              value={amountText}
              onInput={(e) => setAmountText(e.currentTarget.value)}
              {...fieldAria(amountId, { hint: amountHint, error: amountError ?? undefined })}
            />
            <p class="field-hint" id={`${amountId}-hint`}>{amountHint}</p>
            {amountError ? <p class="field-error" id={`${amountId}-error`}>{amountError}</p> : null}
          </div>
        )
        : null}
      <button
        type="button"
        class="button button-large"
        disabled={!ready || busy || soldOut}
        aria-describedby={statusId}
        onClick={add}
      >
        {soldOut ? "Sold out" : "Add to cart"}
      </button>
      <p id={statusId} class="cart-status" role="status">
        {total > 0 ? `${units(total)} in your cart` : ""}
        {mine > 0 ? `, ${mine} of “${title}”` : ""}
        {total > 0 ? " · " : ""}
        {total > 0 ? <a href="/cart">View cart</a> : null}
      </p>
      {error ? <p class="field-error" role="alert">{error}</p> : null}
    </div>
  );
}

/** Why a typed pay-what-you-want amount is refused, naming the minimum; null when fine. */
function amountProblem(typed: number | null, minimum: Money): string | null {
  const digits = minorDigits(minimum.currency);
  if (typed === null) {
    return digits === 0
      ? `Enter a whole amount in ${minimum.currency}`
      : `Enter an amount such as ${
        fromMinorUnits(Math.max(minimum.amount, 500), minimum.currency)
      }`;
  }
  if (typed < minimum.amount) return `Pay at least ${formatPrice(minimum)}`;
  return null;
}
