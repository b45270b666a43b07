/**
 * Pay what you want: `PUT /api/products/{id}/pay-what-you-want` turns it on (the product's
 * price becomes the minimum, 0 allowed, with an optional suggested amount) or off.
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import { createRoute, createRouter, HttpProblem, validationProblem, z } from "@marquee/http";
import { setPayWhatYouWant } from "../db/pricing.ts";
import { findProductView, type ProductView, touchProduct } from "../db/products.ts";
import { canEdit } from "../domain/lifecycle.ts";
import { productUpdated } from "../events/outgoing.ts";
import { lockAllowed } from "./_access.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, MAX_AMOUNT, problems, Product, ProductId, toProductForEditor } from "./_schemas.ts";

const PayWhatYouWant = z.object({
  enabled: z.boolean().describe("On: the price is the least a buyer may pay"),
  suggestedAmount: z.number().int().min(0).max(MAX_AMOUNT).nullable().default(null)
    .describe("Minor units of the product's currency; at least the price"),
}).strict().openapi("PayWhatYouWant");

/** Routes under `/api/products` for pay-what-you-want pricing. */
export function pricingRoutes(deps: RouteDeps) {
  const { sql, clock, verifier, blobs } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "put",
      path: "/{id}/pay-what-you-want",
      tags: ["products"],
      summary: "Let buyers name their price (at least the product's price), or stop it",
      security: [{ bearer: [] }],
      middleware: [requireAuth({ verifier }), requireRole("creator")],
      request: {
        params: z.object({ id: ProductId }),
        body: { required: true, content: json(PayWhatYouWant) },
      },
      responses: {
        200: { description: "The product", content: json(Product) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such product of the caller",
          409: "Archived",
          422: "Bad fields, or a suggested amount below the price",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const now = clock();
      const updated = await sql.begin(async (tx) => {
        const p = await lockAllowed(tx, id, c.get("principal"), canEdit);
        if (p.status === "archived") {
          throw new HttpProblem(409, "Archived products cannot be edited");
        }
        const suggested = body.enabled ? body.suggestedAmount : null;
        if (suggested !== null && suggested < p.priceAmount) {
          throw validationProblem([{
            field: "body.suggestedAmount",
            message: "The suggested amount must be at least the minimum price",
          }]);
        }
        await setPayWhatYouWant(tx, id, { enabled: body.enabled, suggestedAmount: suggested }, now);
        await touchProduct(tx, id, now);
        await productUpdated(tx, { ...p, updatedAt: now }, ["price"]);
        return (await findProductView(tx, { id }, now)) as ProductView;
      });
      return c.json(await toProductForEditor(updated, blobs), 200);
    },
  );

  return router;
}
