/**
 * `GET /internal/access?userId=&productId=`: the access answer for other services (the
 * streaming service, for one), and `GET /internal/products/{productId}/holders`: who holds a
 * product, page by page (the notifications service, to alert ticket holders). Guarded by
 * `x-internal-token`; the edge never routes `/internal`, so browsers cannot reach it.
 * @module
 */
import { createRoute, createRouter, problems, requireInternalToken, z } from "@marquee/http";
import { holdersPage } from "../db/entitlements.ts";
import { Access } from "./entitlements.ts";
import type { RouteDeps } from "./_deps.ts";

/** Routes under `/internal`. */
export function internalRoutes(deps: RouteDeps) {
  const { config, access } = deps;
  const router = createRouter();
  router.openapi(
    createRoute({
      method: "get",
      path: "/access",
      tags: ["internal"],
      summary: "Whether a user may use a product (services only)",
      security: [{ internalToken: [] }],
      middleware: [requireInternalToken({ token: config.INTERNAL_TOKEN })],
      request: { query: z.object({ userId: z.string().uuid(), productId: z.string().uuid() }) },
      responses: {
        200: { description: "The answer", content: { "application/json": { schema: Access } } },
        ...problems({ 401: "Internal token missing or wrong", 422: "Bad ids" }),
      },
    }),
    async (c) => {
      const { userId, productId } = c.req.valid("query");
      const allowed = await access.has(userId.toLowerCase(), productId.toLowerCase());
      return c.json({ access: allowed }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: "get",
      path: "/products/{productId}/holders",
      tags: ["internal"],
      summary: "A page of the ids of users holding a product (services only)",
      security: [{ internalToken: [] }],
      middleware: [requireInternalToken({ token: config.INTERNAL_TOKEN })],
      request: {
        params: z.object({ productId: z.string().uuid() }),
        query: z.object({
          after: z.string().uuid().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(500),
        }),
      },
      responses: {
        200: {
          description: "The page; pass `next` as `after` for the one after, null on the last",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(z.string()), next: z.string().nullable() })
                .openapi("HoldersPage"),
            },
          },
        },
        ...problems({ 401: "Internal token missing or wrong", 422: "Bad id or query" }),
      },
    }),
    async (c) => {
      const { productId } = c.req.valid("param");
      const { after, limit } = c.req.valid("query");
      const items = await holdersPage(deps.sql, productId.toLowerCase(), after, limit);
      return c.json({ items, next: items.length === limit ? items.at(-1)! : null }, 200);
    },
  );
  return router;
}
