/**
 * A product's life cycle actions: `POST /api/products/{id}/publish` and
 * `POST /api/products/{id}/unpublish` (its creator), and `POST /api/products/{id}/archive`
 * (its creator or an admin).
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import type { Tx } from "@marquee/db";
import { createRoute, createRouter, HttpProblem, z } from "@marquee/http";
import { countLicenceKeys } from "../db/licence_keys.ts";
import { countFiles } from "../db/product_files.ts";
import { detailsOf, findProductView, type ProductView, setStatus } from "../db/products.ts";
import {
  canArchive,
  canEdit,
  decideArchive,
  decidePublish,
  decideUnpublish,
} from "../domain/lifecycle.ts";
import { productArchived, productPublished, productUnpublished } from "../events/outgoing.ts";
import { lockAllowed } from "./_access.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, problems, Product, ProductId, toProduct, toProductForEditor } from "./_schemas.ts";

const IdParam = z.object({ id: ProductId });

/** Routes under `/api/products/{id}` that publish, unpublish and archive. */
export function productLifecycleRoutes(deps: RouteDeps) {
  const { sql, clock, verifier, blobs } = deps;
  const auth = requireAuth({ verifier });
  const router = createRouter<{ Variables: AuthVariables }>();
  const view = async (tx: Tx, id: string, now: Date) =>
    (await findProductView(tx, { id }, now)) as ProductView;

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/publish",
      tags: ["products"],
      summary: "Put one's own draft on sale",
      security: [{ bearer: [] }],
      middleware: [auth, requireRole("creator")],
      request: { params: IdParam },
      responses: {
        200: { description: "The published product", content: json(Product) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such product of the caller",
          409: "Archived, or not ready: `errors` names what is missing",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      const now = clock();
      const published = await sql.begin(async (tx) => {
        const p = await lockAllowed(tx, id, principal, canEdit);
        const decision = decidePublish({
          ...p,
          ...detailsOf(p),
          price: { amount: p.priceAmount, currency: p.priceCurrency },
          licenceKeys: await countLicenceKeys(tx, id),
          files: await countFiles(tx, id),
        }, now);
        switch (decision.kind) {
          case "refuse":
            throw new HttpProblem(409, decision.detail, {
              ...(decision.errors.length ? { errors: decision.errors } : {}),
            });
          case "unchanged":
            break;
          case "publish": {
            await setStatus(tx, id, "published", now);
            const row = { ...p, status: "published" as const, updatedAt: now };
            await productPublished(tx, { ...row, publishedAt: p.publishedAt ?? now });
            break;
          }
          default: {
            const never: never = decision;
            throw new Error(`Unknown decision ${JSON.stringify(never)}`);
          }
        }
        return await view(tx, id, now);
      });
      return c.json(toProduct(published), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/unpublish",
      tags: ["products"],
      summary: "Take one's own product off the store, back to draft",
      security: [{ bearer: [] }],
      middleware: [auth, requireRole("creator")],
      request: { params: IdParam },
      responses: {
        200: { description: "The product, now a draft", content: json(Product) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such product of the caller",
          409: "Archived",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      const now = clock();
      const unpublished = await sql.begin(async (tx) => {
        const p = await lockAllowed(tx, id, principal, canEdit);
        const decision = decideUnpublish(p.status);
        switch (decision.kind) {
          case "refuse":
            throw new HttpProblem(409, decision.detail);
          case "unchanged":
            break;
          case "unpublish":
            await setStatus(tx, id, "draft", now);
            await productUnpublished(tx, { ...p, status: "draft", updatedAt: now });
            break;
          default: {
            const never: never = decision;
            throw new Error(`Unknown decision ${JSON.stringify(never)}`);
          }
        }
        return await view(tx, id, now);
      });
      return c.json(await toProductForEditor(unpublished, blobs), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/archive",
      tags: ["products"],
      summary: "Take a product off sale for good (its creator, or an admin)",
      security: [{ bearer: [] }],
      middleware: [auth, requireRole("creator", "admin")],
      request: { params: IdParam },
      responses: {
        200: { description: "The archived product", content: json(Product) },
        ...problems({
          401: "Not signed in",
          403: "Neither creator nor admin",
          404: "No such product of the caller",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      const now = clock();
      const archived = await sql.begin(async (tx) => {
        const p = await lockAllowed(tx, id, principal, canArchive);
        if (decideArchive(p.status).kind === "archive") {
          await setStatus(tx, id, "archived", now);
          await productArchived(tx, { ...p, status: "archived", updatedAt: now }, principal.userId);
        }
        return await view(tx, id, now);
      });
      return c.json(await toProductForEditor(archived, blobs), 200);
    },
  );

  return router;
}
