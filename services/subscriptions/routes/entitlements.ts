/**
 * `GET /api/entitlements/check?productId=`: whether the signed-in user may use a product.
 * @module
 */
import { type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter, problems, z } from "@marquee/http";
import type { RouteDeps } from "./_deps.ts";

/** An access answer. */
export const Access = z.object({ access: z.boolean() }).openapi("Access");

/** Routes under `/api/entitlements`. */
export function entitlementsRoutes(deps: RouteDeps) {
  const { verifier, access } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();
  router.openapi(
    createRoute({
      method: "get",
      path: "/check",
      tags: ["entitlements"],
      summary: "Whether the signed-in user may use a product",
      security: [{ bearer: [] }],
      middleware: [requireAuth({ verifier })],
      request: { query: z.object({ productId: z.string().uuid() }) },
      responses: {
        200: { description: "The answer", content: { "application/json": { schema: Access } } },
        ...problems({ 401: "Not signed in", 422: "Bad product id" }),
      },
    }),
    async (c) => {
      const { productId } = c.req.valid("query");
      const allowed = await access.has(c.get("principal").userId, productId.toLowerCase());
      c.header("cache-control", "private, no-store");
      return c.json({ access: allowed }, 200);
    },
  );
  return router;
}
