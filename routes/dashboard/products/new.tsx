import { Head, type RouteConfig } from "@marquee/fresh";
import ProductEditor from "../../../islands/ProductEditor.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** Starts a product as a draft. */
export default function NewProductPage() {
  return (
    <>
      <Head>
        <title>New product · Marquee</title>
      </Head>
      <h1>New product</h1>
      <ProductEditor />
    </>
  );
}
