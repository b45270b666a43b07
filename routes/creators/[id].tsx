import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import FollowButton from "../../islands/FollowButton.tsx";
import type { CreatorProducts } from "../../islands/_lib/catalog_types.ts";
import { CatalogRefused, findCreator } from "../(_lib)/catalog.ts";
import { ProductGrid } from "../(_components)/ProductCard.tsx";

/** Public: a creator's name and published products. */
export const config: RouteConfig = { cache: "public" };

/** Handlers of `/creators/:id`. */
export const handler = {
  async GET(ctx: RouteContext<CreatorProducts>) {
    const id = ctx.params.id!;
    let page: CreatorProducts | null;
    try {
      page = await findCreator(ctx.api.catalog, id);
    } catch (error) {
      if (error instanceof CatalogRefused) return ctx.renderNotFound();
      throw error;
    }
    if (!page) return ctx.renderNotFound();
    return ctx.render(page, { cacheTags: [`creator:${page.creator.id}`, "catalog"] });
  },
};

/** A creator's storefront. */
export default function CreatorPage({ data }: PageProps<CreatorProducts>) {
  const name = data.creator.displayName ?? "Creator";
  const products = data.products.filter((p) => p.status === "published")
    .map((p) => ({ ...p, creatorName: p.creatorName ?? data.creator.displayName }));
  return (
    <>
      <Head>
        <title>{`${name} · Marquee`}</title>
        <meta name="description" content={`Products by ${name} on Marquee.`} />
      </Head>
      <header class="page-header">
        <p class="eyebrow">Creator</p>
        <h1>{name}</h1>
        <FollowButton
          creatorId={data.creator.id}
          creatorName={name}
          next={`/creators/${data.creator.id}`}
        />
      </header>
      <section aria-labelledby="products-title">
        <h2 id="products-title">Products</h2>
        <ProductGrid products={products} eager={2} empty="No products on sale yet." />
      </section>
    </>
  );
}
