import { Head, type RouteConfig } from "@marquee/fresh";
import DashboardProducts from "../../islands/DashboardProducts.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** A creator's products, loaded by the island with the creator's token. */
export default function DashboardPage() {
  return (
    <>
      <Head>
        <title>Your products · Marquee</title>
      </Head>
      <h1>Your products</h1>
      <DashboardProducts />
    </>
  );
}
