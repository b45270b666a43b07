import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import { type Product, TYPE_LABELS } from "../../islands/_lib/catalog_types.ts";
import { formatProductPrice } from "../../islands/_lib/format.ts";
import AddToCart from "../../islands/AddToCart.tsx";
import ProductReviews from "../../islands/ProductReviews.tsx";
import { ratingText, starGlyphs } from "../../islands/_lib/reviews.ts";
import { CatalogRefused, findProduct } from "../(_lib)/catalog.ts";
import { creatorHref, productHref } from "../(_components)/ProductCard.tsx";
import { ProductTypeDetails } from "../(_components)/ProductTypeDetails.tsx";
import { WhatsIncluded } from "../(_components)/WhatsIncluded.tsx";

/** The page is the same for everyone; the cart lives in the browser. */
export const config: RouteConfig = { cache: "public" };

/** Handlers of `/products/:slug`. */
export const handler = {
  async GET(ctx: RouteContext<Product>) {
    let product: Product | null;
    try {
      product = await findProduct(ctx.api.catalog, ctx.params.slug!);
    } catch (error) {
      // A slug the catalog refuses to look up names no product.
      if (error instanceof CatalogRefused) return ctx.renderNotFound();
      throw error;
    }
    if (!product) return ctx.renderNotFound();
    if (product.slug !== ctx.params.slug) {
      // Found under an earlier slug: send visitors and search engines to the current one.
      return new Response(null, {
        status: 301,
        headers: { location: productHref(product), "cache-control": "public, max-age=300" },
      });
    }
    return ctx.render(product, {
      cacheTags: [
        `product:${product.slug}`,
        `product:${product.id}`,
        `creator:${product.creatorId}`,
      ],
    });
  },
};

/** Seats or licence keys left, for limited products only. */
function Availability({ product }: { product: Product }) {
  const { available, capacity } = product;
  if (available === null) return null;
  if (available <= 0) return <p class="availability sold-out">Sold out</p>;
  const text = capacity === null ? `${available} left` : `${available} of ${capacity} left`;
  return <p class="availability">{text}</p>;
}

/** One product: cover, price, creator, availability, add to cart and description. */
export default function ProductPage({ data: product }: PageProps<Product>) {
  const summary = product.description.replace(/\s+/g, " ").trim().slice(0, 160);
  return (
    <>
      <Head>
        <title>{`${product.title} · Marquee`}</title>
        <meta name="description" content={summary || product.title} />
      </Head>
      <article class="product">
        <div class="product-cover">
          {product.coverUrl
            ? (
              <img
                src={product.coverUrl}
                alt={`Cover of ${product.title}`}
                width={800}
                height={600}
                fetchpriority="high"
              />
            )
            : <div class="cover-placeholder" aria-hidden="true">{product.title.slice(0, 1)}</div>}
        </div>
        <div class="product-summary">
          <p class="badge">{TYPE_LABELS[product.type]?.one ?? product.type}</p>
          <h1>{product.title}</h1>
          <p class="product-creator">
            by <a href={creatorHref(product.creatorId)}>{product.creatorName ?? "the creator"}</a>
          </p>
          {product.rating && product.rating.average !== null
            ? (
              <p class="product-rating">
                <span aria-hidden="true">{starGlyphs(product.rating.average)}</span>{" "}
                <a href="#reviews-title">{ratingText(product.rating)}</a>
              </p>
            )
            : null}
          <p class="product-price">{formatProductPrice(product)}</p>
          <ProductTypeDetails product={product} />
          <Availability product={product} />
          <AddToCart
            productId={product.id}
            title={product.title}
            type={product.type}
            available={product.available}
            price={product.price}
            payWhatYouWant={product.payWhatYouWant ?? null}
          />
          {product.tags.length > 0
            ? (
              <ul class="tags" role="list" aria-label="Tags">
                {product.tags.map((tag) => (
                  <li key={tag}>
                    <a href={`/products?tag=${encodeURIComponent(tag)}`}>{tag}</a>
                  </li>
                ))}
              </ul>
            )
            : null}
        </div>
        <section class="product-description" aria-labelledby="about-title">
          <h2 id="about-title">About this product</h2>
          {/* The catalog renders and sanitizes descriptionHtml; nothing else is inserted raw. */}
          <div class="prose" dangerouslySetInnerHTML={{ __html: product.descriptionHtml }} />
        </section>
        {/* A product type's own items (a ticket's event, a membership's perks) go in as <li>s. */}
        <WhatsIncluded product={product} />
        <section class="product-reviews" aria-labelledby="reviews-title">
          <h2 id="reviews-title">Reviews</h2>
          <ProductReviews productId={product.id} />
        </section>
      </article>
    </>
  );
}
