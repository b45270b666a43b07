import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import OrderStatus from "../../islands/OrderStatus.tsx";
import { stripePublishableKey } from "../(_lib)/stripe_config.ts";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

interface OrderPageData {
  id: string;
  publishableKey: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Handlers of `/orders/:id`. */
export const handler = {
  GET(ctx: RouteContext<OrderPageData>) {
    const id = ctx.params.id ?? "";
    if (!UUID.test(id)) return ctx.renderNotFound();
    return ctx.render({ id: id.toLowerCase(), publishableKey: stripePublishableKey() });
  },
};

/** One order, live; the island reads it with the buyer's token. */
export default function OrderPage({ data }: PageProps<OrderPageData>) {
  return (
    <>
      <Head>
        <title>Your order · Marquee</title>
        <meta name="robots" content="noindex" />
      </Head>
      <h1>Your order</h1>
      <OrderStatus orderId={data.id} publishableKey={data.publishableKey} />
      <p>
        <a href="/orders">All your orders</a>
      </p>
    </>
  );
}
