/**
 * The buyer's library: `GET /api/library` lists the products the signed-in user owns (from
 * this service's entitlements, with their licence keys) and their files, event or perks
 * (from the catalog);
 * `GET /api/library/{productId}/files/{fileId}/download` checks the caller owns the product,
 * then asks the catalog (which owns the files) for a short-lived URL and redirects to it.
 * @module
 */
import { type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter, cursorCodec, HttpProblem, problems, z } from "@marquee/http";
import { type CatalogProduct, CatalogUnavailableError } from "../catalog_client.ts";
import { libraryPage } from "../db/entitlements.ts";
import type { RouteDeps } from "./_deps.ts";

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });

const LibraryFile = z.object({
  id: z.string().uuid(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  downloadUrl: z.string().describe("Redirects to a short-lived URL of the file"),
}).openapi("LibraryFile");

const LibraryItem = z.object({
  productId: z.string().uuid(),
  title: z.string().describe("As sold"),
  type: z.string(),
  creatorId: z.string(),
  grantedAt: z.string().datetime(),
  licenceKeys: z.array(z.string()),
  files: z.array(LibraryFile).nullable().describe(
    "Null when the catalog cannot list them now or no longer shows the product",
  ),
  event: z.object({
    startsAt: z.string().describe("UTC"),
    timeZone: z.string(),
    durationMinutes: z.number().int().nullable(),
  }).nullable().describe("A live ticket's event, as the catalog shows it now"),
  membership: z.object({
    period: z.enum(["month", "year"]),
    perks: z.array(z.string()),
  }).nullable().describe("A membership's period and perks, as the catalog shows them now"),
}).openapi("LibraryItem");

const Library = z.object({
  items: z.array(LibraryItem),
  nextCursor: z.string().nullable(),
}).openapi("Library");

const LibraryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

const cursors = cursorCodec(z.object({
  grantedAt: z.iso.datetime().transform((s) => new Date(s)),
  productId: z.guid(),
}));

const downloadPath = (productId: string, fileId: string) =>
  `/api/library/${productId}/files/${fileId}/download`;

/** Routes under `/api/library`. */
export function libraryRoutes(deps: RouteDeps) {
  const { sql, verifier, access, catalog, logger } = deps;
  const log = logger.child({ component: "library" });
  const router = createRouter<{ Variables: AuthVariables }>();
  const auth = requireAuth({ verifier });

  /** The product as the catalog shows it, or null when it cannot say now. */
  const productOf = async (productId: string): Promise<CatalogProduct | null> => {
    try {
      return await catalog.product(productId);
    } catch (error) {
      if (!(error instanceof CatalogUnavailableError)) throw error;
      log.warn("Catalog unavailable for files", { productId, error: error.message });
      return null;
    }
  };

  router.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["library"],
      summary: "The products the signed-in user owns, newest first",
      security: [{ bearer: [] }],
      middleware: [auth],
      request: { query: LibraryQuery },
      responses: {
        200: { description: "A page of the library", content: json(Library) },
        ...problems({ 401: "Not signed in", 422: "Bad query" }),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const userId = c.get("principal").userId;
      const after = cursors.decode(cursor);
      const entries = await libraryPage(sql, userId, { limit, after });
      const page = entries.slice(0, limit);
      const products = await Promise.all(page.map((e) => productOf(e.productId)));
      const items = page.map((e, i) => ({
        ...e,
        grantedAt: e.grantedAt.toISOString(),
        files: products[i]?.files.map((f) => ({
          ...f,
          downloadUrl: downloadPath(e.productId, f.id),
        })) ?? null,
        event: products[i]?.event ?? null,
        membership: products[i]?.membership ?? null,
      }));
      const last = page.at(-1);
      const nextCursor = entries.length > limit && last
        ? cursors.encode({ grantedAt: last.grantedAt, productId: last.productId })
        : null;
      c.header("cache-control", "private, no-store");
      return c.json({ items, nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/{productId}/files/{fileId}/download",
      tags: ["library"],
      summary: "Redirects an owner to a short-lived URL of a product file",
      security: [{ bearer: [] }],
      middleware: [auth],
      request: {
        params: z.object({ productId: z.string().uuid(), fileId: z.string().uuid() }),
      },
      responses: {
        302: { description: "To a short-lived URL of the file, signed by the catalog" },
        ...problems({
          401: "Not signed in",
          403: "The user does not own the product",
          404: "No such file in the product",
          422: "Bad ids",
          503: "The catalog cannot hand out the file now",
        }),
      },
    }),
    async (c) => {
      const productId = c.req.valid("param").productId.toLowerCase();
      const fileId = c.req.valid("param").fileId.toLowerCase();
      if (!(await access.has(c.get("principal").userId, productId))) {
        throw new HttpProblem(403, `No access to product "${productId}"`);
      }
      let url: string | null;
      try {
        url = await catalog.downloadUrl(productId, fileId);
      } catch (error) {
        if (!(error instanceof CatalogUnavailableError)) throw error;
        log.warn("Catalog unavailable for a download", { productId, error: error.message });
        throw new HttpProblem(503, "The catalog cannot hand out this file now");
      }
      if (!url) {
        throw new HttpProblem(
          404,
          "This file is no longer available. The creator may have removed it",
          {
            fileId,
          },
        );
      }
      c.header("cache-control", "private, no-store");
      return c.redirect(url, 302);
    },
  );
  return router;
}
