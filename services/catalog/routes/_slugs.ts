/**
 * Inserting a product under a unique slug. A generated slug takes the next free suffix and
 * retries when another insert took it first; a slug the creator chose is theirs or a 409.
 * @module
 */
import { isUniqueViolation } from "@marquee/db";
import { HttpProblem } from "@marquee/http";
import type postgres from "postgres";
import { insertProduct, type ProductRow, SLUG_TAKEN, slugsLike } from "../db/products.ts";
import { nextFreeSlug } from "../domain/slug.ts";

const ATTEMPTS = 5;

/** The 409 for a slug another product has. */
export function slugTaken(slug: string): HttpProblem {
  return new HttpProblem(409, `Slug "${slug}" is taken`);
}

/** Inserts `product`, with `product.slug` as given (`chosen`) or as the base of a free one. */
export async function insertWithFreeSlug(
  tx: postgres.TransactionSql,
  product: ProductRow,
  chosen: boolean,
): Promise<ProductRow> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const slug = chosen
      ? product.slug
      : nextFreeSlug(product.slug, await slugsLike(tx, product.slug));
    const row = { ...product, slug };
    try {
      // A savepoint keeps the transaction usable after a unique violation.
      await tx.savepoint((sp) => insertProduct(sp, row));
      return row;
    } catch (error) {
      if (!isUniqueViolation(error, SLUG_TAKEN)) throw error;
      if (chosen) throw slugTaken(slug);
    }
  }
  throw new HttpProblem(409, `No free slug for "${product.slug}" right now; choose one`);
}
