import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import SaleOrder from "../../../islands/SaleOrder.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Handlers of `/dashboard/sales/:id`. */
export const handler = {
  GET(ctx: RouteContext<{ id: string }>) {
    const id = ctx.params.id ?? "";
    if (!UUID.test(id)) return ctx.renderNotFound();
    return ctx.render({ id: id.toLowerCase() });
  },
};

/** One order as its seller sees it: their own lines only, read by the island. */
export default function SaleOrderPage({ data }: PageProps<{ id: string }>) {
  return (
    <>
      <Head>
        <title>Sale · Marquee</title>
      </Head>
      <h1>{`Order ${data.id.slice(0, 8)}`}</h1>
      <SaleOrder orderId={data.id} />
      <p>
        <a href="/dashboard/sales">All your sales</a>
      </p>
    </>
  );
}
