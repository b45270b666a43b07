import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import Checkout from "../islands/Checkout.tsx";
import { stripePublishableKey } from "./(_lib)/stripe_config.ts";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

interface CheckoutData {
  publishableKey: string | null;
}

/** Handlers of `/checkout`. */
export const handler = {
  GET(ctx: RouteContext<CheckoutData>) {
    return ctx.render({ publishableKey: stripePublishableKey() });
  },
};

/** Checkout: the island shows the summary and the payment methods and places the order. */
export default function CheckoutPage({ data }: PageProps<CheckoutData>) {
  return (
    <>
      <Head>
        <title>Checkout · Marquee</title>
        <meta name="robots" content="noindex" />
      </Head>
      <h1>Checkout</h1>
      <Checkout publishableKey={data.publishableKey} />
    </>
  );
}
