import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import { type Product, PRODUCT_TYPES, TYPE_LABELS } from "../../islands/_lib/catalog_types.ts";
import SearchSuggest from "../../islands/SearchSuggest.tsx";
import { CatalogRefused, listProducts } from "../(_lib)/catalog.ts";
import { type BrowseForm, browseHref, parseBrowse } from "../(_lib)/browse_query.ts";
import { ProductGrid } from "../(_components)/ProductCard.tsx";

/** The list depends only on the URL, so shared caches keep it. */
export const config: RouteConfig = { cache: "public", cacheTags: ["catalog"] };

interface Browse {
  form: BrowseForm;
  errors: Record<string, string>;
  products: Product[];
  nextHref: string | null;
  firstHref: string | null;
  problem: string | null;
}

/** Handlers of `/products`. */
export const handler = {
  async GET(ctx: RouteContext<Browse>) {
    const { form, query, errors } = parseBrowse(ctx.url);
    const firstHref = query.cursor ? browseHref(form) : null;
    try {
      const list = await listProducts(ctx.api.catalog, query);
      const nextHref = list.nextCursor ? browseHref(form, list.nextCursor) : null;
      const data = { form, errors, products: list.items, nextHref, firstHref, problem: null };
      return ctx.render(data, { status: Object.keys(errors).length > 0 ? 400 : 200 });
    } catch (error) {
      if (!(error instanceof CatalogRefused)) throw error;
      const data = { form, errors, products: [], nextHref: null, firstHref, problem: error.detail };
      return ctx.render(data, { status: 400 });
    }
  },
};

const SORT_LABELS = {
  new: "Newest",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
};

function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? <p class="field-error" id={id}>{error}</p> : null;
}

function PriceInput(
  { name, label, value, error }: { name: string; label: string; value: string; error?: string },
) {
  return (
    <div class="field">
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
      />
      <ErrorText id={`${name}-error`} error={error} />
    </div>
  );
}

/** Search and filters (a plain GET form) and one page of results. */
export default function BrowsePage({ data }: PageProps<Browse>) {
  const { form, errors } = data;
  const title = form.q ? `Results for “${form.q}”` : "Browse products";
  // The fields fold away on narrow screens so results come first (wide screens always show
  // them); they start open when a value was refused, so its message is seen.
  const hasErrors = Object.keys(errors).length > 0;
  const { type, category, tag, minPrice, maxPrice, sort } = form;
  const active = [type, category, tag, minPrice, maxPrice].filter(Boolean).length +
    (sort === "new" ? 0 : 1);
  return (
    <>
      <Head>
        <title>{`${title} · Marquee`}</title>
        <meta
          name="description"
          content="Browse courses, software, assets, memberships and live events."
        />
      </Head>
      <h1>{title}</h1>
      <div class="browse">
        <form class="filters" role="search" action="/products" method="get" aria-label="Products">
          <SearchSuggest id="q" label="Search" value={form.q} />
          <details class="filter-fields" open={hasErrors}>
            <summary class="filter-toggle">
              {active > 0 ? `Filters and sorting (${active} set)` : "Filters and sorting"}
            </summary>
            <div class="filter-fields-body">
              <div class="field">
                <label for="type">Type</label>
                <select id="type" name="type">
                  <option value="" selected={form.type === ""}>All types</option>
                  {PRODUCT_TYPES.map((type) => (
                    <option key={type} value={type} selected={form.type === type}>
                      {TYPE_LABELS[type].plural}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="category">Category</label>
                <input
                  id="category"
                  name="category"
                  type="text"
                  maxLength={40}
                  value={form.category}
                />
              </div>
              <div class="field">
                <label for="tag">Tag</label>
                <input id="tag" name="tag" type="text" maxLength={32} value={form.tag} />
              </div>
              <fieldset class="price-range">
                <legend>Price in dollars</legend>
                <PriceInput
                  name="minPrice"
                  label="From"
                  value={form.minPrice}
                  error={errors.minPrice}
                />
                <PriceInput
                  name="maxPrice"
                  label="To"
                  value={form.maxPrice}
                  error={errors.maxPrice}
                />
              </fieldset>
              <div class="field">
                <label for="sort">Sort by</label>
                <select id="sort" name="sort">
                  {Object.entries(SORT_LABELS).map(([value, label]) => (
                    <option key={value} value={value} selected={form.sort === value}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </details>
          <button class="button" type="submit">Show results</button>
        </form>

        <section class="results" aria-labelledby="results-title">
          <h2 id="results-title" class="visually-hidden">Results</h2>
          {data.problem ? <p class="notice" role="alert">{data.problem}</p> : null}
          <ProductGrid
            products={data.products}
            eager={2}
            empty="No products match. Try fewer filters or another search."
          />
          {data.nextHref || data.firstHref
            ? (
              <nav class="pagination" aria-label="Pages">
                {data.firstHref ? <a href={data.firstHref}>First page</a> : null}
                {data.nextHref ? <a rel="next" href={data.nextHref}>Next page</a> : null}
              </nav>
            )
            : null}
        </section>
      </div>
    </>
  );
}
