import { Head, type RouteConfig } from "@marquee/fresh";
import DiscountCodes from "../../islands/DiscountCodes.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** A creator's discount codes, loaded by the island with the creator's token. */
export default function DiscountsPage() {
  return (
    <>
      <Head>
        <title>Discount codes · Marquee</title>
      </Head>
      <h1>Discount codes</h1>
      <DiscountCodes />
    </>
  );
}
