/**
 * A software product's licence-key pool, for its creator: `GET /api/products/{id}/licence-keys`
 * counts it, `POST` adds keys in bulk and reports the duplicates skipped. Keys never leave the
 * service through this API: buyers get theirs when their order commits.
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import type { Tx } from "@marquee/db";
import { createRoute, createRouter, HttpProblem, z } from "@marquee/http";
import { addLicenceKeys, countUnassignedLicenceKeys } from "../db/licence_keys.ts";
import { type ProductRow, touchProduct } from "../db/products.ts";
import { stockOf } from "../db/stock.ts";
import { canEdit } from "../domain/lifecycle.ts";
import { productUpdated } from "../events/outgoing.ts";
import { lockAllowed } from "./_access.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, Printable, problems, ProductId } from "./_schemas.ts";

/** The most keys one request adds; longer lists go in several requests. */
export const MAX_KEYS_PER_REQUEST = 1000;

const LicenceKeysRequest = z.object({
  keys: z.array(Printable(200)).min(1).max(MAX_KEYS_PER_REQUEST),
}).strict().openapi("LicenceKeysRequest");

const LicenceKeyStock = z.object({
  total: z.number().int().describe("Keys in the pool, handed out or not"),
  unassigned: z.number().int().describe("Keys not yet handed to a buyer"),
  available: z.number().int().nullable().describe(
    "Units left for sale (unassigned keys less those held by checkouts); null when unlimited",
  ),
}).openapi("LicenceKeyStock");

const LicenceKeysResult = LicenceKeyStock.extend({
  added: z.number().int(),
  duplicates: z.number().int().describe("Keys skipped: repeated, or already in the pool"),
}).openapi("LicenceKeysResult");

const IdParam = z.object({ id: ProductId });

async function stockOfKeys(tx: Tx, product: ProductRow, now: Date) {
  const stock = await stockOf(tx, product, now);
  return {
    total: stock.licenceKeys,
    unassigned: await countUnassignedLicenceKeys(tx, product.id),
    available: stock.available,
  };
}

function softwareOnly(product: ProductRow) {
  if (product.type !== "software") {
    throw new HttpProblem(409, "Only software products have licence keys");
  }
}

/** Routes under `/api/products/{id}/licence-keys`. */
export function licenceKeysRoutes(deps: RouteDeps) {
  const { sql, clock, verifier } = deps;
  const auth = requireAuth({ verifier });
  const creator = requireRole("creator");
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "get",
      path: "/{id}/licence-keys",
      tags: ["products"],
      summary: "Count a software product's licence keys",
      security: [{ bearer: [] }],
      middleware: [auth, creator],
      request: { params: IdParam },
      responses: {
        200: { description: "Counts only; keys are never shown", content: json(LicenceKeyStock) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such product of the caller",
          409: "Not a software product",
          422: "Bad id",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      const stock = await sql.begin(async (tx) => {
        const p = await lockAllowed(tx, id, principal, canEdit);
        softwareOnly(p);
        return await stockOfKeys(tx, p, clock());
      });
      c.header("cache-control", "private, no-store");
      return c.json(stock, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/licence-keys",
      tags: ["products"],
      summary: "Add licence keys to a software product's pool",
      security: [{ bearer: [] }],
      middleware: [auth, creator],
      request: { params: IdParam, body: { required: true, content: json(LicenceKeysRequest) } },
      responses: {
        200: { description: "Counts only; keys are never shown", content: json(LicenceKeysResult) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such product of the caller",
          409: "Not a software product, or archived",
          413: "Body too large",
          422: "Bad keys: `errors` names each one (`body.keys.3`)",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { keys } = c.req.valid("json");
      const principal = c.get("principal");
      const now = clock();
      const result = await sql.begin(async (tx) => {
        const p = await lockAllowed(tx, id, principal, canEdit);
        softwareOnly(p);
        if (p.status === "archived") throw new HttpProblem(409, "Archived products cannot change");
        const added = await addLicenceKeys(tx, id, [...new Set(keys)], now);
        if (added > 0) {
          await touchProduct(tx, id, now);
          await productUpdated(tx, { ...p, updatedAt: now }, ["licenceKeys"]);
        }
        return { added, duplicates: keys.length - added, ...await stockOfKeys(tx, p, now) };
      });
      return c.json(result, 200);
    },
  );

  return router;
}
