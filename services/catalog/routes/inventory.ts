/**
 * Stock holds for checkouts: `/api/inventory/holds`, and `commit`, `release` and `return`
 * (a committed sale undone) on one.
 * Called by the orders saga with the internal token, never by browsers. A hold request
 * locks the product's row, so concurrent requests are counted one after the other and a
 * product never sells more units than it has.
 * @module
 */
import { createRoute, createRouter, HttpProblem, requireInternalToken, z } from "@marquee/http";
import type { Tx } from "@marquee/db";
import { findHold, freeKeysOfHold, type HoldRow, insertHold, setHoldStatus } from "../db/holds.ts";
import { assignLicenceKeys, keysOfHold } from "../db/licence_keys.ts";
import { lockProduct } from "../db/products.ts";
import {
  decideCommit,
  decideHold,
  decideRelease,
  decideReturn,
  isActive,
} from "../domain/inventory.ts";
import { inventoryCommitted, inventoryReleased, inventoryReserved } from "../events/outgoing.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, problems, ProductId } from "./_schemas.ts";
import { stockOf } from "../db/stock.ts";

const MAX_TTL_SEC = 3600;

/** A hold as the API shows it; a lapsed hold reads `expired` before the sweeper marks it. */
export const Hold = z.object({
  id: z.string().uuid(),
  productId: z.string().uuid(),
  quantity: z.number().int(),
  expiresAt: z.string().datetime(),
  status: z.enum(["held", "committed", "released", "expired"]),
  /** On a committed software hold: the keys it drew, for the buyer's library. */
  licenceKeys: z.array(z.string()).optional(),
}).openapi("Hold");

function toHold(hold: HoldRow, now: Date): z.infer<typeof Hold> {
  return {
    id: hold.id,
    productId: hold.productId,
    quantity: hold.quantity,
    expiresAt: hold.expiresAt.toISOString(),
    status: hold.status === "held" && !isActive(hold, now) ? "expired" : hold.status,
  };
}

const HoldParam = z.object({ id: z.string().uuid() });
const internal = [{ internalToken: [] }];

/** Routes under `/api/inventory`; every one needs the internal token. */
export function inventoryRoutes(deps: RouteDeps) {
  const { sql, clock, config } = deps;
  const guard = requireInternalToken({ token: config.INTERNAL_TOKEN });
  const router = createRouter();

  const HoldRequest = z.object({
    productId: ProductId,
    quantity: z.number().int().min(1).max(1000).default(1),
    holdId: z.string().uuid().describe("Chosen by the caller: retrying with it is safe"),
    ttlSec: z.number().int().min(config.HOLD_MIN_TTL_SEC).max(MAX_TTL_SEC).default(900),
  }).strict().openapi("HoldRequest");

  /** The product's row locked, then the hold's: the same order as a hold request takes. */
  async function lockHold(tx: Tx, id: string) {
    const found = await findHold(tx, id);
    if (!found) throw new HttpProblem(404, `No hold "${id}"`);
    const product = await lockProduct(tx, found.productId);
    if (!product) throw new HttpProblem(404, `No product "${found.productId}"`);
    const hold = (await findHold(tx, id, { lock: true }))!;
    return { product, hold };
  }

  router.openapi(
    createRoute({
      method: "post",
      path: "/holds",
      tags: ["inventory"],
      summary: "Set units aside for a checkout",
      security: internal,
      middleware: [guard],
      request: { body: { required: true, content: json(HoldRequest) } },
      responses: {
        201: { description: "The new hold", content: json(Hold) },
        200: { description: "The hold this id already made", content: json(Hold) },
        ...problems({
          401: "No or wrong internal token",
          404: "No such product",
          409: "Not enough left (`Only N left`), not on sale, or the id was used otherwise",
          422: "Bad fields",
        }),
      },
    }),
    async (c) => {
      const { productId, quantity, holdId, ttlSec } = c.req.valid("json");
      const now = clock();
      const { hold, created } = await sql.begin(async (tx) => {
        const previous = async () => {
          const existing = await findHold(tx, holdId);
          if (existing && (existing.productId !== productId || existing.quantity !== quantity)) {
            throw new HttpProblem(409, `Hold "${holdId}" was made for another request`);
          }
          return existing;
        };
        const early = await previous();
        if (early) return { hold: early, created: false };
        const product = await lockProduct(tx, productId);
        if (!product) throw new HttpProblem(404, `No product "${productId}"`);
        // A request with the same id may have committed while this one waited for the lock.
        const replayed = await previous();
        if (replayed) return { hold: replayed, created: false };
        if (product.status !== "published") {
          throw new HttpProblem(409, `Product "${productId}" is not on sale`);
        }
        const stock = await stockOf(tx, product, now);
        const decision = decideHold({ total: stock.total, taken: stock.taken, quantity });
        if (decision.kind === "refuse") {
          throw new HttpProblem(409, `Only ${decision.available} left`, {
            available: decision.available,
          });
        }
        const hold: HoldRow = {
          id: holdId,
          productId,
          quantity,
          status: "held",
          createdAt: now,
          expiresAt: new Date(now.getTime() + ttlSec * 1000),
          updatedAt: now,
        };
        if (!(await insertHold(tx, hold))) {
          throw new HttpProblem(409, `Hold "${holdId}" was made for another request`);
        }
        await inventoryReserved(tx, hold, decision.available);
        return { hold, created: true };
      });
      return created ? c.json(toHold(hold, now), 201) : c.json(toHold(hold, now), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/holds/{id}/commit",
      tags: ["inventory"],
      summary: "Turn a live hold into a sale (idempotent)",
      security: internal,
      middleware: [guard],
      request: { params: HoldParam },
      responses: {
        200: { description: "The committed hold", content: json(Hold) },
        ...problems({
          401: "No or wrong internal token",
          404: "No such hold",
          409: "The hold expired or was released",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const now = clock();
      let licenceKeys: string[] = [];
      const committed = await sql.begin(async (tx) => {
        const { product, hold } = await lockHold(tx, id);
        const decision = decideCommit(hold, now);
        switch (decision.kind) {
          case "refuse":
            throw new HttpProblem(409, decision.detail);
          case "unchanged":
            // A retried commit answers with the same keys as the first.
            if (product.type === "software") licenceKeys = await keysOfHold(tx, id);
            return hold;
          case "commit": {
            const row = await setHoldStatus(tx, id, "committed", now);
            if (product.type === "software") {
              await assignLicenceKeys(tx, product.id, id, hold.quantity);
              licenceKeys = await keysOfHold(tx, id);
            }
            await inventoryCommitted(tx, row, (await stockOf(tx, product, now)).available);
            return row;
          }
          default: {
            const never: never = decision;
            throw new Error(`Unknown decision ${JSON.stringify(never)}`);
          }
        }
      });
      const answer = toHold(committed, now);
      return c.json(licenceKeys.length ? { ...answer, licenceKeys } : answer, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/holds/{id}/release",
      tags: ["inventory"],
      summary: "Give held units back (idempotent)",
      security: internal,
      middleware: [guard],
      request: { params: HoldParam },
      responses: {
        200: { description: "The released hold", content: json(Hold) },
        ...problems({
          401: "No or wrong internal token",
          404: "No such hold",
          409: "The hold is committed",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const now = clock();
      const released = await sql.begin(async (tx) => {
        const { product, hold } = await lockHold(tx, id);
        const decision = decideRelease(hold, now);
        switch (decision.kind) {
          case "refuse":
            throw new HttpProblem(409, decision.detail);
          case "unchanged":
            return hold;
          case "release": {
            const status = decision.reason === "expired" ? "expired" : "released";
            const row = await setHoldStatus(tx, id, status, now);
            const { available } = await stockOf(tx, product, now);
            await inventoryReleased(tx, row, decision.reason, available);
            return row;
          }
          default: {
            const never: never = decision;
            throw new Error(`Unknown decision ${JSON.stringify(never)}`);
          }
        }
      });
      return c.json(toHold(released, now), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/holds/{id}/return",
      tags: ["inventory"],
      summary: "Give a committed hold's units back when its sale is undone (idempotent)",
      security: internal,
      middleware: [guard],
      request: { params: HoldParam },
      responses: {
        200: { description: "The returned hold, now released", content: json(Hold) },
        ...problems({
          401: "No or wrong internal token",
          404: "No such hold",
          409: "The hold is still held (release it instead)",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const now = clock();
      const returned = await sql.begin(async (tx) => {
        const { product, hold } = await lockHold(tx, id);
        const decision = decideReturn(hold);
        switch (decision.kind) {
          case "refuse":
            throw new HttpProblem(409, decision.detail);
          case "unchanged":
            return hold;
          case "return": {
            const row = await setHoldStatus(tx, id, "released", now);
            // The buyer never got access: the keys the sale drew can be sold again.
            if (product.type === "software") await freeKeysOfHold(tx, id);
            const { available } = await stockOf(tx, product, now);
            await inventoryReleased(tx, row, "released", available);
            return row;
          }
          default: {
            const never: never = decision;
            throw new Error(`Unknown decision ${JSON.stringify(never)}`);
          }
        }
      });
      return c.json(toHold(returned, now), 200);
    },
  );

  return router;
}
