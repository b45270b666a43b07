import { useEffect, useRef, useState } from "preact/hooks";
import { FormMessage } from "./_lib/Field.tsx";
import { formatDate, formatPrice } from "./_lib/format.ts";
import { SessionGate } from "./_lib/Gate.tsx";
import { endMessage, isFinal, type Order, statusLabel } from "./_lib/orders.ts";
import { safeNextPath } from "./_lib/next_path.ts";
import { readProblem } from "./_lib/problem.ts";
import { ReceiptButton } from "./_lib/ReceiptButton.tsx";
import { authFetch, currentUser, loadSession } from "./_lib/session.ts";
import { loadStripe } from "./_lib/stripe.ts";

/** Props of {@linkcode OrderStatus}. */
export interface OrderStatusProps {
  orderId: string;
  /** Stripe's publishable key, when cards are taken with Stripe Elements. */
  publishableKey?: string | null;
}

/** Reads between stream events, in case the stream is cut or served by another instance. */
const POLL_MS = 5_000;

/**
 * One order, kept live: the order's Server-Sent Events stream (opened with a short-lived
 * ticket, since EventSource sends no headers) replaces the view on every change, with a
 * slow re-read as a safety net, until the order ends.
 */
export default function OrderStatus({ orderId, publishableKey = null }: OrderStatusProps) {
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [via, setVia] = useState<"read" | "stream">("read");
  // Where the buyer came from (`?next=`, a stream's page): they go back there once paid.
  const [next, setNext] = useState("");
  useEffect(() => setNext(safeNextPath(new URLSearchParams(location.search).get("next"), "")), []);
  useEffect(() => {
    if (next && order?.status === "COMPLETED") location.assign(next);
  }, [next, order?.status]);
  const authenticating = useRef(false);

  // A card that needs 3-D Secure: the payment waits for the buyer, in Stripe's own frame.
  useEffect(() => {
    if (!publishableKey || order?.status !== "AWAITING_PAYMENT" || authenticating.current) return;
    authenticating.current = true;
    void (async () => {
      const res = await authFetch(`/api/payments/${orderId}`);
      if (!res.ok) return void res.body?.cancel();
      const payment = await res.json() as {
        nextAction: { type: "authenticate"; clientSecret: string } | null;
      };
      if (payment.nextAction?.type !== "authenticate") return;
      const stripe = await loadStripe(publishableKey);
      const { error } = await stripe.handleNextAction({
        clientSecret: payment.nextAction.clientSecret,
      });
      // Stripe tells the payments service how it ended; the page follows the order.
      if (error) setError(error.message ?? "Your bank could not confirm this payment.");
    })().catch(() => setError("We could not start your bank's confirmation. Please try again."));
  }, [publishableKey, order?.status, orderId]);

  useEffect(() => {
    let stopped = false;
    let source: EventSource | null = null;
    let poll: ReturnType<typeof setInterval> | undefined;
    let latest = 0;
    const adopt = (next: Order, from: "read" | "stream") => {
      if (next.version < latest || (next.version === latest && from === "read")) return;
      latest = next.version;
      setOrder(next);
      setVia(from);
      if (isFinal(next)) stop();
    };
    const stop = () => {
      stopped = true;
      source?.close();
      clearInterval(poll);
    };
    const read = async () => {
      const res = await authFetch(`/api/orders/${orderId}`);
      if (res.ok) return adopt(await res.json() as Order, "read");
      const problem = await readProblem(res);
      setError(problem.status === 404 ? "We could not find this order." : problem.message);
      if (problem.status === 404 || problem.status === 401) stop();
    };
    const open = async () => {
      if (stopped) return;
      const res = await authFetch(`/api/orders/${orderId}/stream-ticket`, { method: "POST" });
      if (!res.ok || stopped) return void res.body?.cancel();
      const { url } = await res.json() as { url: string };
      source = new EventSource(url);
      source.addEventListener("order", (event) => {
        adopt(JSON.parse((event as MessageEvent).data), "stream");
      });
      // A ticket lasts a minute: a dropped stream is reopened with a new one.
      source.onerror = () => {
        source?.close();
        if (!stopped) setTimeout(() => void open().catch(() => {}), 2_000);
      };
    };
    void (async () => {
      if (!await loadSession()) return;
      try {
        await read();
        if (stopped) return;
        poll = setInterval(() => void read().catch(() => {}), POLL_MS);
        await open();
      } catch {
        setError("We could not reach Marquee. The page will update when the connection is back.");
      }
    })();
    return stop;
  }, [orderId]);

  const user = currentUser.value;
  if (!user) {
    return <SessionGate user={user} next={`/orders/${orderId}`} purpose="see this order" />;
  }
  if (!order) {
    return error
      ? <FormMessage error={error} />
      : <p class="loading" role="status">Loading your order…</p>;
  }
  const ended = endMessage(order);
  const running = !isFinal(order);
  // A declined card leaves the cart as it was: the buyer pays again with another card.
  const declined = order.status === "CANCELLED" && order.reason?.code === "payment_declined";
  return (
    <section class="order" aria-labelledby="order-status" data-updated-by={via}>
      <p class="order-meta">
        {`Order ${order.id.slice(0, 8)} · placed ${formatDate(order.placedAt)}`}
      </p>
      <div class={`order-status status-${order.status.toLowerCase()}`} role="status">
        <h2 id="order-status">{statusLabel(order.status)}</h2>
        {running ? <p>This page updates by itself.</p> : null}
        {order.status === "COMPLETED"
          ? (
            <p>
              Thank you! Your purchase is in your library. <a href="/library">Open your library</a>
              {next
                ? (
                  <>
                    {" or "}
                    <a href={next}>go back to where you were</a>
                  </>
                )
                : null}
            </p>
          )
          : null}
        {ended ? <p class="order-end">{ended}</p> : null}
        {declined
          ? (
            <p class="order-retry">
              Your cart still holds these items.{" "}
              <a class="button" href="/checkout">Try another card</a>
            </p>
          )
          : null}
      </div>
      <ul class="summary-lines" role="list">
        {order.lines.map((l) => (
          <li key={l.productId}>
            <span>
              <a href={`/products/${l.productId}`}>{l.title}</a>
              {` × ${l.quantity}`}
            </span>
            <span>{formatPrice({ ...l.unitPrice, amount: l.unitPrice.amount * l.quantity })}</span>
          </li>
        ))}
      </ul>
      {order.discount && order.subtotal
        ? (
          <>
            <p class="subtotal-line">Subtotal: {formatPrice(order.subtotal)}</p>
            <p class="discount-line">
              {`Discount (${order.discount.code}): −${formatPrice(order.discount.amount)}`}
            </p>
          </>
        )
        : null}
      <p class="cart-total">
        Total: <strong>{formatPrice(order.total)}</strong>
      </p>
      {order.status === "COMPLETED" || order.status === "REFUNDED"
        ? <ReceiptButton orderId={order.id} />
        : null}
      <FormMessage error={error} />
    </section>
  );
}
