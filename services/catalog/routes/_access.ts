/**
 * Loading a product for a change: a product the caller may not change answers 404, like
 * a missing one, so ids of other creators' products do not leak.
 * @module
 */
import type { Principal } from "@marquee/auth";
import type { Tx } from "@marquee/db";
import { HttpProblem } from "@marquee/http";
import { lockProduct, type ProductRow } from "../db/products.ts";
import type { Viewer } from "../domain/lifecycle.ts";

/** The 404 for a product that is missing or not the caller's to see. */
export function noProduct(id: string): HttpProblem {
  return new HttpProblem(404, `No product "${id}"`);
}

/** Locks the product, or throws 404 unless `allowed` says the principal may change it. */
export async function lockAllowed(
  tx: Tx,
  id: string,
  principal: Principal,
  allowed: (product: ProductRow, viewer: Viewer) => boolean,
): Promise<ProductRow> {
  const product = await lockProduct(tx, id);
  if (!product || !allowed(product, principal)) throw noProduct(id);
  return product;
}
