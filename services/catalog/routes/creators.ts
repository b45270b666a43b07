/**
 * A creator's storefront: `GET /api/creators/{id}`.
 * @module
 */
import { createRoute, createRouter, HttpProblem, z } from "@marquee/http";
import { findCreator } from "../db/creators.ts";
import { listProductViews } from "../db/products.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, problems, Product, toProduct } from "./_schemas.ts";

const STOREFRONT_SIZE = 50;

const CreatorPage = z.object({
  creator: z.object({
    id: z.string(),
    displayName: z.string().nullable().describe("Null until the users service has told us"),
  }),
  products: z.array(Product).describe("Newest published products first"),
}).openapi("CreatorPage");

/** Routes under `/api/creators`. */
export function creatorsRoutes(deps: RouteDeps) {
  const { sql, clock } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["creators"],
      summary: "A creator's name and newest published products",
      request: { params: z.object({ id: z.string().min(1).max(100) }) },
      responses: {
        200: { description: "The creator's page", content: json(CreatorPage) },
        ...problems({ 404: "No such creator" }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const [creator, products] = await Promise.all([
        findCreator(sql, id),
        listProductViews(sql, {
          statuses: ["published"],
          creatorId: id,
          sort: "new",
          limit: STOREFRONT_SIZE,
        }, clock()),
      ]);
      if (!creator && products.length === 0) throw new HttpProblem(404, `No creator "${id}"`);
      return c.json({
        creator: { id, displayName: creator?.displayName ?? null },
        products: products.map(toProduct),
      }, 200);
    },
  );

  return router;
}
