/**
 * Browsing products: `GET /api/products` (filters, search, keyset pages),
 * `GET /api/products/{idOrSlug}` and the cover redirect `GET /api/products/{id}/cover`.
 * @module
 */
import type { Context } from "hono";
import { optionalAuth, type OptionalAuthVariables } from "@marquee/auth";
import { PRODUCT_STATUSES, ProductStatus, ProductType } from "@marquee/contracts";
import {
  createRoute,
  createRouter,
  cursorCodec,
  cursorProblem,
  HttpProblem,
  validationProblem,
  z,
} from "@marquee/http";
import { findProductView, listProductViews, type ProductFilter, SORTS } from "../db/products.ts";
import { canView } from "../domain/lifecycle.ts";
import { titlePrefixQuery } from "../domain/search.ts";
import { isSlug, isUuid } from "../domain/slug.ts";
import type { RouteDeps } from "./_deps.ts";
import { noProduct } from "./_access.ts";
import {
  Category,
  COVER_URL_TTL_SEC,
  Currency,
  json,
  MAX_AMOUNT,
  problems,
  Product,
  ProductId,
  toProduct,
  toProductForEditor,
} from "./_schemas.ts";

/** Anonymous callers welcome; a bearer token shows more (typed wide: `{}` confuses inference). */
const OPTIONAL_BEARER: Array<Record<string, string[]>> = [{}, { bearer: [] }];
const IdParam = z.object({ id: ProductId });

// A cursor names its sort, so one from another sort of the list is refused.
const cursors = cursorCodec(z.discriminatedUnion("sort", [
  z.object({
    sort: z.literal("new"),
    at: z.iso.datetime().transform((s) => new Date(s)),
    id: z.guid(),
  }),
  z.object({
    sort: z.enum(["price_asc", "price_desc"]),
    amount: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    id: z.guid(),
  }),
]));

const Amount = z.coerce.number().int().min(0).max(MAX_AMOUNT);

const ListQuery = z.object({
  cursor: z.string().max(300).optional().describe("`nextCursor` of the previous page"),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  type: ProductType.optional(),
  category: Category.optional(),
  tag: z.string().trim().toLowerCase().min(1).max(32).optional(),
  minPrice: Amount.optional().describe("Minor units, inclusive"),
  maxPrice: Amount.optional().describe("Minor units, inclusive"),
  currency: Currency.optional(),
  creator: z.string().min(1).max(100).optional().describe("A creator's user id"),
  q: z.string().trim().min(1).max(200).optional().describe("Words of the title, tags or text"),
  sort: z.enum(SORTS).default("new"),
  status: ProductStatus.optional().describe("Only with `mine=true`"),
  mine: z.enum(["true", "false"]).optional().describe("The caller's own products, any status"),
});

/** One page of products. */
export const ProductPage = z.object({
  items: z.array(Product),
  nextCursor: z.string().nullable(),
}).openapi("ProductPage");

/** Routes under `/api/products` that read. */
export function productsRoutes(deps: RouteDeps) {
  const { sql, clock, verifier, blobs } = deps;
  const router = createRouter<{ Variables: OptionalAuthVariables }>();
  const auth = optionalAuth({ verifier });

  router.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["products"],
      summary: "Published products (or the caller's own), filtered and paged",
      security: OPTIONAL_BEARER,
      middleware: [auth],
      request: { query: ListQuery },
      responses: {
        200: { description: "One page", content: json(ProductPage) },
        ...problems({ 401: "`mine=true` without a valid token", 422: "Bad query" }),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const principal = c.get("principal");
      const mine = query.mine === "true";
      if (mine && !principal) throw new HttpProblem(401, "Sign in to list your own products");
      if (query.status !== undefined && !mine) {
        throw validationProblem([{ field: "query.status", message: "Only with mine=true" }]);
      }
      if (
        query.minPrice !== undefined && query.maxPrice !== undefined &&
        query.minPrice > query.maxPrice
      ) {
        throw validationProblem([{ field: "query.maxPrice", message: "Below minPrice" }]);
      }
      const after = cursors.decode(query.cursor);
      if (after && after.sort !== query.sort) throw cursorProblem();
      const filter: ProductFilter = {
        statuses: mine ? (query.status ? [query.status] : [...PRODUCT_STATUSES]) : ["published"],
        creatorId: mine ? principal!.userId : query.creator,
        type: query.type,
        category: query.category,
        tag: query.tag,
        minPrice: query.minPrice,
        maxPrice: query.maxPrice,
        currency: query.currency,
        q: query.q,
        titlePrefix: query.q === undefined ? undefined : titlePrefixQuery(query.q),
        sort: query.sort,
        after,
        limit: query.limit + 1,
      };
      const rows = await listProductViews(sql, filter, clock());
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      let nextCursor: string | null = null;
      if (rows.length > query.limit && last) {
        nextCursor = query.sort === "new"
          ? cursors.encode({ sort: "new", at: last.publishedAt ?? last.createdAt, id: last.id })
          : cursors.encode({ sort: query.sort, amount: last.priceAmount, id: last.id });
      }
      if (mine) c.header("cache-control", "private, no-store");
      else publicRead(c, ["catalog"]);
      return c.json({ items: page.map(toProduct), nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/{idOrSlug}",
      tags: ["products"],
      summary: "One product by id or slug; drafts only for their creator and admins",
      security: OPTIONAL_BEARER,
      middleware: [auth],
      request: { params: z.object({ idOrSlug: z.string().min(1).max(100) }) },
      responses: {
        200: { description: "The product", content: json(Product) },
        ...problems({ 401: "Invalid token", 404: "No such product" }),
      },
    }),
    async (c) => {
      const { idOrSlug } = c.req.valid("param");
      const by = isUuid(idOrSlug)
        ? { id: idOrSlug.toLowerCase() }
        : isSlug(idOrSlug)
        ? { slug: idOrSlug }
        : undefined;
      const view = by && await findProductView(sql, by, clock());
      if (!view || !canView(view, c.get("principal"))) throw noProduct(idOrSlug);
      if (view.status !== "published") c.header("cache-control", "private, no-store");
      else {publicRead(c, [
          `product:${view.slug}`,
          `product:${view.id}`,
          `creator:${view.creatorId}`,
        ]);}
      return c.json(await toProductForEditor(view, blobs), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/{id}/cover",
      tags: ["products"],
      summary: "Redirects to the cover image",
      security: OPTIONAL_BEARER,
      middleware: [auth],
      request: { params: IdParam },
      responses: {
        302: { description: "A short-lived URL of the image" },
        ...problems({ 404: "No such product, or no cover" }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const view = await findProductView(sql, { id }, clock());
      if (!view || !canView(view, c.get("principal"))) throw noProduct(id);
      if (!view.coverKey) throw new HttpProblem(404, `Product "${id}" has no cover`);
      const url = await blobs.presignGet(view.coverKey, { expiresInSec: COVER_URL_TTL_SEC });
      // Shorter than the URL's validity, so a cached redirect never points at an expired URL.
      c.header(
        "cache-control",
        view.status === "published" ? "public, max-age=300" : "private, max-age=60",
      );
      return c.redirect(url, 302);
    },
  );

  return router;
}

/**
 * Marks a published read as cacheable at the edge, tagged so catalog events purge it.
 * Availability may lag by up to s-maxage; checkout re-checks it against the holds.
 */
function publicRead(c: Context, tags: string[]): void {
  c.header("cache-control", "public, max-age=0, s-maxage=30, stale-while-revalidate=120");
  c.header("x-cache-tags", tags.join(","));
}
