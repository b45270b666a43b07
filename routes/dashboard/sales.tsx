import { Head, type RouteConfig } from "@marquee/fresh";
import SalesList from "../../islands/SalesList.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** A creator's sales, loaded by the island with the creator's token. */
export default function SalesPage() {
  return (
    <>
      <Head>
        <title>Your sales · Marquee</title>
      </Head>
      <h1>Your sales</h1>
      <SalesList />
    </>
  );
}
