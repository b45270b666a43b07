import { Head, type PageProps, type RouteConfig } from "@marquee/fresh";
import ProductEditor from "../../../islands/ProductEditor.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** Edits one of the creator's products; the island loads it with the creator's token. */
export default function EditProductPage({ params }: PageProps) {
  return (
    <>
      <Head>
        <title>Edit product · Marquee</title>
      </Head>
      <h1>Edit product</h1>
      <ProductEditor productId={params.id!} />
    </>
  );
}
