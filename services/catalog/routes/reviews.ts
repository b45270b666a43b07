/**
 * Reviews by buyers: `GET /api/products/{id}/reviews` lists them newest first in keyset pages
 * with the count and average; `GET .../reviews/mine` tells the signed-in user whether they may
 * review and shows what they wrote; `PUT .../reviews/mine` writes or edits it. Only a buyer
 * who owns the product (the subscriptions service's entitlements) may write, never its
 * creator. Text is stored and served as plain text; pages escape it like any other.
 * @module
 */
import type { Context } from "hono";
import { type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter, cursorCodec, HttpProblem, z } from "@marquee/http";
import { AccessUnavailableError } from "@marquee/auth/access";
import { findProduct, type ProductRow } from "../db/products.ts";
import {
  findReview,
  listReviews,
  ratingSummary,
  type ReviewRow,
  upsertReview,
} from "../db/reviews.ts";
import {
  MAX_RATING,
  MAX_REVIEW_LENGTH,
  MIN_RATING,
  refusalDetail,
  reviewRefusal,
} from "../domain/reviews.ts";
import { productReviewed } from "../events/outgoing.ts";
import { noProduct } from "./_access.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, problems, ProductId } from "./_schemas.ts";

// deno-lint-ignore no-control-regex
const TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

const ReviewFields = z.object({
  rating: z.number().int().min(MIN_RATING).max(MAX_RATING),
  body: z.string().describe("Plain text, never HTML; empty when the buyer gave only stars"),
  authorName: z.string().nullable().describe("The reviewer's display name"),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
});
const Review = ReviewFields.openapi("Review");
type Review = z.infer<typeof Review>;

const RatingSummary = z.object({
  count: z.number().int(),
  average: z.number().nullable().describe("Stars, to two decimals; null without reviews"),
}).openapi("RatingSummary");

const ReviewPage = z.object({
  summary: RatingSummary,
  items: z.array(Review),
  nextCursor: z.string().nullable(),
}).openapi("ReviewPage");

const MyReview = z.object({
  canReview: z.boolean(),
  reason: z.string().nullable().describe("Why the user may not review, when they may not"),
  // Unnamed: a nullable reference to a named schema loses its null in the document.
  review: ReviewFields.nullable(),
}).openapi("MyReview");

const ReviewRequest = z.object({
  rating: z.number().int().min(MIN_RATING).max(MAX_RATING)
    .meta({ title: "Rating", description: "Stars, 1 to 5" }),
  body: z.string().trim().max(MAX_REVIEW_LENGTH)
    .regex(TEXT, "Remove control characters from your review")
    .default("")
    .meta({ title: "Review" }),
}).strict().openapi("ReviewRequest");

const cursors = cursorCodec(z.object({
  at: z.iso.datetime().transform((s) => new Date(s)),
  buyerId: z.string().min(1).max(200),
}));

const IdParam = z.object({ id: ProductId });

const toReview = (r: ReviewRow): Review => ({
  rating: r.rating,
  body: r.body,
  authorName: r.buyerName,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Routes under `/api/products/{id}/reviews`. */
export function reviewsRoutes(deps: RouteDeps) {
  const { sql, clock, verifier, access, logger } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();
  const auth = requireAuth({ verifier });

  /** The product when it is on sale or was (archived); drafts have no reviews. */
  const listed = async (id: string): Promise<ProductRow> => {
    const product = await findProduct(sql, id.toLowerCase());
    if (!product || product.status === "draft") throw noProduct(id);
    return product;
  };

  /** Null when the user may review the product, else the refusal's words. */
  const refusal = async (product: ProductRow, userId: string): Promise<string | null> => {
    const early = reviewRefusal({ product, viewerId: userId, owns: true });
    if (early) return refusalDetail(early);
    let owns: boolean;
    try {
      owns = await access.owns(userId, product.id);
    } catch (error) {
      if (!(error instanceof AccessUnavailableError)) throw error;
      logger.warn("Could not ask who owns a product", { productId: product.id, error });
      throw new HttpProblem(503, "Reviews cannot be written right now; try again shortly", {
        headers: { "retry-after": "5" },
      });
    }
    const late = reviewRefusal({ product, viewerId: userId, owns });
    return late ? refusalDetail(late) : null;
  };

  router.openapi(
    createRoute({
      method: "get",
      path: "/{id}/reviews",
      tags: ["reviews"],
      summary: "A product's reviews, newest first, with their count and average",
      request: {
        params: IdParam,
        query: z.object({
          cursor: z.string().max(300).optional().describe("`nextCursor` of the previous page"),
          limit: z.coerce.number().int().min(1).max(50).default(10),
        }),
      },
      responses: {
        200: { description: "One page of reviews", content: json(ReviewPage) },
        ...problems({ 404: "No such product", 422: "Bad id, limit or cursor" }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { cursor, limit } = c.req.valid("query");
      const after = cursors.decode(cursor);
      const product = await listed(id);
      const rows = await listReviews(sql, product.id, { after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last
        ? cursors.encode({ at: last.createdAt, buyerId: last.buyerId })
        : null;
      const summary = await ratingSummary(sql, product.id);
      publicRead(c, [`product:${product.slug}`, `product:${product.id}`]);
      return c.json({ summary, items: page.map(toReview), nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/{id}/reviews/mine",
      tags: ["reviews"],
      summary: "Whether the signed-in user may review the product, and their review",
      security: [{ bearer: [] }],
      middleware: [auth],
      request: { params: IdParam },
      responses: {
        200: { description: "The answer", content: json(MyReview) },
        ...problems({ 401: "Not signed in", 404: "No such product", 503: "Ownership unknown" }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const userId = c.get("principal").userId;
      const product = await listed(id);
      const reason = await refusal(product, userId);
      const mine = await findReview(sql, product.id, userId);
      c.header("cache-control", "private, no-store");
      return c.json({
        canReview: reason === null,
        reason,
        review: mine ? toReview(mine) : null,
      }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "put",
      path: "/{id}/reviews/mine",
      tags: ["reviews"],
      summary: "Writes the signed-in buyer's review of the product, or edits it",
      security: [{ bearer: [] }],
      middleware: [auth],
      request: {
        params: IdParam,
        body: { content: json(ReviewRequest), required: true },
      },
      responses: {
        200: { description: "The review, edited", content: json(Review) },
        201: { description: "The review, written", content: json(Review) },
        ...problems({
          401: "Not signed in",
          403: "Not a buyer who owns the product, or its creator",
          404: "No such product",
          422: "Bad rating or text",
          503: "Ownership unknown",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { rating, body } = c.req.valid("json");
      const userId = c.get("principal").userId;
      const product = await listed(id);
      const reason = await refusal(product, userId);
      if (reason) throw new HttpProblem(403, reason);
      const at = clock();
      const review = await sql.begin(async (tx) => {
        const { created } = await upsertReview(tx, {
          productId: product.id,
          buyerId: userId,
          rating,
          body,
          at,
        });
        const summary = await ratingSummary(tx, product.id);
        await productReviewed(tx, {
          productId: product.id,
          slug: product.slug,
          creatorId: product.creatorId,
          buyerId: userId,
          rating,
          created,
          reviewCount: summary.count,
          averageRating: summary.average ?? rating,
          reviewedAt: at.toISOString(),
        });
        return { created, row: (await findReview(tx, product.id, userId))! };
      });
      c.header("cache-control", "private, no-store");
      return c.json(toReview(review.row), review.created ? 201 : 200);
    },
  );

  return router;
}

/** Marks a list of a listed product's reviews as cacheable at the edge, purged by its events. */
function publicRead(c: Context, tags: string[]): void {
  c.header("cache-control", "public, max-age=0, s-maxage=30, stale-while-revalidate=120");
  c.header("x-cache-tags", tags.join(","));
}
