/**
 * What pages read from the catalog, over HTTP through the storefront's `api`.
 * @module
 */
import type { UpstreamClient } from "@marquee/fresh";
import type {
  CreatorProducts,
  Product,
  ProductList,
  ProductType,
  Sort,
} from "../../islands/_lib/catalog_types.ts";

/** Filters of the public product list; prices in minor units. */
export interface ListQuery {
  q?: string;
  type?: ProductType;
  category?: string;
  tag?: string;
  minPrice?: number;
  maxPrice?: number;
  sort?: Sort;
  cursor?: string;
  limit?: number;
}

/** A catalog answer the page should tell the visitor about (such as a stale cursor). */
export class CatalogRefused extends Error {
  override name = "CatalogRefused";
  constructor(readonly status: number, readonly detail: string) {
    super(`Catalog refused the request with status ${status}: ${detail}`);
  }
}

/** The query string of `query`, in a stable order, without empty values. */
export function listSearch(query: ListQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  params.sort();
  return params.toString();
}

async function readJson<T>(res: Response): Promise<T | null> {
  if (res.status === 404) {
    await res.body?.cancel();
    return null;
  }
  if (res.status >= 400 && res.status < 500) {
    const problem = await res.json().catch(() => ({})) as { detail?: string; title?: string };
    throw new CatalogRefused(res.status, problem.detail ?? problem.title ?? "Bad request");
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`Catalog answered with status ${res.status}`);
  }
  return await res.json() as T;
}

/** One page of published products. */
export async function listProducts(
  catalog: UpstreamClient,
  query: ListQuery,
): Promise<ProductList> {
  const res = await catalog.fetch(`/api/products?${listSearch(query)}`, {
    headers: { accept: "application/json" },
  });
  return await readJson<ProductList>(res) ?? { items: [], nextCursor: null };
}

/** The published product with this slug, or null. */
export async function findProduct(catalog: UpstreamClient, slug: string): Promise<Product | null> {
  const res = await catalog.fetch(`/api/products/${encodeURIComponent(slug)}`, {
    headers: { accept: "application/json" },
  });
  const product = await readJson<Product>(res);
  return product?.status === "published" ? product : null;
}

/** A creator and their published products, or null. */
export async function findCreator(
  catalog: UpstreamClient,
  id: string,
): Promise<CreatorProducts | null> {
  const res = await catalog.fetch(`/api/creators/${encodeURIComponent(id)}`, {
    headers: { accept: "application/json" },
  });
  return await readJson<CreatorProducts>(res);
}
