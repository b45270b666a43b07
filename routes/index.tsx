import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import { type Product, PRODUCT_TYPES, TYPE_LABELS } from "../islands/_lib/catalog_types.ts";
import { listProducts } from "./(_lib)/catalog.ts";
import type { ListedStream } from "../islands/_lib/live_stream.ts";
import { liveStreams } from "./(_lib)/live.ts";
import { ProductGrid } from "./(_components)/ProductCard.tsx";
import { StreamGrid } from "./live/(_components)/StreamCard.tsx";

/** The home page holds no user data, so shared caches keep it. */
export const config: RouteConfig = { cache: "public", cacheTags: ["catalog", "live"] };

interface Home {
  featured: Product[];
  newest: Product[];
  live: ListedStream[];
}

/** Handlers of `/`. */
export const handler = {
  async GET(ctx: RouteContext<Home>) {
    const [list, live] = await Promise.all([
      listProducts(ctx.api.catalog, { sort: "new", limit: 24 }),
      liveStreams(ctx.api, 4),
    ]);
    const featured = list.items.filter((p) => p.coverUrl).slice(0, 4);
    const shown = new Set(featured.map((p) => p.id));
    const newest = list.items.filter((p) => !shown.has(p.id)).slice(0, 8);
    return ctx.render({ featured, newest, live });
  },
};

/** Featured and new products, categories and streams on air. */
export default function HomePage({ data }: PageProps<Home>) {
  return (
    <>
      <Head>
        <title>Marquee · Digital products and live events</title>
        <meta
          name="description"
          content="Courses, software, assets, memberships and live events from independent creators."
        />
      </Head>
      <section class="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Digital products and live events from independent creators</h1>
        <p>Courses, software, assets and memberships, plus tickets to watch creators live.</p>
        <p>
          <a class="button" href="/products">Browse everything</a>
        </p>
      </section>

      <section aria-labelledby="featured-title">
        <h2 id="featured-title">Featured</h2>
        <ProductGrid products={data.featured} eager={2} empty="Nothing featured yet." />
      </section>

      <section aria-labelledby="categories-title">
        <h2 id="categories-title">Categories</h2>
        <ul class="category-list" role="list">
          {PRODUCT_TYPES.map((type) => (
            <li key={type}>
              <a class="category" href={`/products?type=${type}`}>{TYPE_LABELS[type].plural}</a>
            </li>
          ))}
        </ul>
      </section>

      <section id="live" aria-labelledby="live-title">
        <h2 id="live-title">Live now</h2>
        <StreamGrid
          streams={data.live}
          empty="No one is live right now. Streams will show up here."
        />
        <p>
          <a href="/live">See live and upcoming streams</a>
        </p>
      </section>

      <section aria-labelledby="new-title">
        <h2 id="new-title">New</h2>
        <ProductGrid products={data.newest} empty="No products yet." />
        <p>
          <a href="/products?sort=new">See all new products</a>
        </p>
      </section>
    </>
  );
}
