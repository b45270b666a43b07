import { type Product, TYPE_LABELS } from "../../islands/_lib/catalog_types.ts";
import { formatProductPrice } from "../../islands/_lib/format.ts";
import { formatAverage, ratingText } from "../../islands/_lib/reviews.ts";

/** The link to a product's page. */
export const productHref = (product: Pick<Product, "slug">): string =>
  `/products/${encodeURIComponent(product.slug)}`;

/** The link to a creator's page. */
export const creatorHref = (creatorId: string): string =>
  `/creators/${encodeURIComponent(creatorId)}`;

/** A product in a grid: cover, title (the card's link), type, price and creator. */
export function ProductCard(
  { product, eager = false }: { product: Product; eager?: boolean },
) {
  return (
    <article class="card">
      <div class="card-cover">
        {product.coverUrl
          ? (
            <img
              src={product.coverUrl}
              alt=""
              width={400}
              height={300}
              loading={eager ? "eager" : "lazy"}
              decoding="async"
            />
          )
          : <div class="cover-placeholder" aria-hidden="true">{product.title.slice(0, 1)}</div>}
      </div>
      <div class="card-body">
        <h3 class="card-title">
          <a class="card-link" href={productHref(product)}>{product.title}</a>
        </h3>
        <p class="card-meta">
          <span class="badge">{TYPE_LABELS[product.type]?.one ?? product.type}</span>
          <span class="card-price">{formatProductPrice(product)}</span>
          {product.rating && product.rating.average !== null
            ? (
              <span class="card-rating">
                <span aria-hidden="true">
                  ★ {formatAverage(product.rating.average)} ({product.rating.count})
                </span>
                <span class="visually-hidden">{ratingText(product.rating)}</span>
              </span>
            )
            : null}
        </p>
        <p class="card-creator">
          by <a href={creatorHref(product.creatorId)}>{product.creatorName ?? "the creator"}</a>
        </p>
      </div>
    </article>
  );
}

/** Products as a responsive grid, or `empty` when there are none. */
export function ProductGrid(
  { products, empty, eager = 0 }: { products: Product[]; empty: string; eager?: number },
) {
  if (products.length === 0) return <p class="empty">{empty}</p>;
  return (
    <ul class="product-grid" role="list">
      {products.map((product, i) => (
        <li key={product.id}>
          <ProductCard product={product} eager={i < eager} />
        </li>
      ))}
    </ul>
  );
}
