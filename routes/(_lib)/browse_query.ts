/**
 * The browse page's query string: what the visitor typed (echoed back into the form) and
 * the catalog query it means. Prices are typed in currency units and sent in minor units.
 * @module
 */
import { isProductType, type Sort, SORTS } from "../../islands/_lib/catalog_types.ts";
import { toMinorUnits } from "../../islands/_lib/format.ts";
import type { ListQuery } from "./catalog.ts";

/** The form's fields as typed. */
export interface BrowseForm {
  q: string;
  type: string;
  category: string;
  tag: string;
  minPrice: string;
  maxPrice: string;
  sort: Sort;
}

/** A parsed browse URL. */
export interface BrowseQuery {
  form: BrowseForm;
  query: ListQuery;
  /** Field name → why its value was ignored. */
  errors: Record<string, string>;
}

/** Products per page. */
export const PAGE_SIZE = 24;
const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;
// Prices are typed in units of a two-decimal currency; the catalog compares minor units.
const PRICE_CURRENCY = "USD";

const text = (params: URLSearchParams, name: string, max: number) =>
  (params.get(name) ?? "").trim().slice(0, max);

/** Reads the browse page's URL. */
export function parseBrowse(url: URL): BrowseQuery {
  const params = url.searchParams;
  const sort = SORTS.find((s) => s === params.get("sort")) ?? "new";
  const form: BrowseForm = {
    q: text(params, "q", 200),
    type: isProductType(params.get("type")) ? params.get("type")! : "",
    category: text(params, "category", 40).toLowerCase(),
    tag: text(params, "tag", 32).toLowerCase(),
    minPrice: text(params, "minPrice", 16),
    maxPrice: text(params, "maxPrice", 16),
    sort,
  };
  const errors: Record<string, string> = {};
  const price = (name: "minPrice" | "maxPrice") => {
    if (!form[name]) return undefined;
    const minor = toMinorUnits(form[name], PRICE_CURRENCY);
    if (minor === null) errors[name] = "Enter an amount such as 12 or 12.50";
    return minor ?? undefined;
  };
  const cursor = params.get("cursor") ?? "";
  const query: ListQuery = {
    q: form.q || undefined,
    type: isProductType(form.type) ? form.type : undefined,
    category: form.category || undefined,
    tag: form.tag || undefined,
    minPrice: price("minPrice"),
    maxPrice: price("maxPrice"),
    sort,
    cursor: CURSOR.test(cursor) ? cursor : undefined,
    limit: PAGE_SIZE,
  };
  return { form, query, errors };
}

/** The browse URL showing `form` from `cursor` on. */
export function browseHref(form: BrowseForm, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    if (value && !(key === "sort" && value === "new")) params.set(key, value);
  }
  if (cursor) params.set("cursor", cursor);
  const search = params.toString();
  return search ? `/products?${search}` : "/products";
}
