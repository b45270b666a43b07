import { Head, type RouteConfig } from "@marquee/fresh";
import OrderList from "../../islands/OrderList.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** The signed-in user's orders, loaded by the island. */
export default function OrdersPage() {
  return (
    <>
      <Head>
        <title>Your orders · Marquee</title>
        <meta name="robots" content="noindex" />
      </Head>
      <h1>Your orders</h1>
      <OrderList />
    </>
  );
}
