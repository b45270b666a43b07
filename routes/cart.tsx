import { Head, type RouteConfig } from "@marquee/fresh";
import CartView from "../islands/CartView.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** The cart; the island reads it from the cookie (signed out) or the cart service. */
export default function CartPage() {
  return (
    <>
      <Head>
        <title>Your cart · Marquee</title>
        <meta name="robots" content="noindex" />
      </Head>
      <h1>Your cart</h1>
      <CartView />
    </>
  );
}
