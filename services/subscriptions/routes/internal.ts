/**
 * `GET /internal/access?userId=&productId=`: the access answer for other services (the
 * streaming service, for one). Guarded by `x-internal-token`; the edge never routes
 * `/internal`, so browsers cannot reach it.
 * @module
 */
import { createRoute, createRouter, problems, requireInternalToken, z } from "@marquee/http";
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
  return router;
}
