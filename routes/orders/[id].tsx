import {
  Head,
  type PageProps,
  type RouteConfig,
  type RouteContext,
} from "../../edge/fresh/runtime.ts";
import OrderStatus from "../../islands/OrderStatus.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Handlers of `/orders/:id`. */
export const handler = {
  GET(ctx: RouteContext<{ id: string }>) {
    const id = ctx.params.id ?? "";
    if (!UUID.test(id)) return ctx.renderNotFound();
    return ctx.render({ id: id.toLowerCase() });
  },
};

/** One order, live; the island reads it with the buyer's token. */
export default function OrderPage({ data }: PageProps<{ id: string }>) {
  return (
    <>
      <Head>
        <title>Your order · Marquee</title>
        <meta name="robots" content="noindex" />
      </Head>
      <h1>Your order</h1>
      <OrderStatus orderId={data.id} />
      <p>
        <a href="/orders">All your orders</a>
      </p>
    </>
  );
}
