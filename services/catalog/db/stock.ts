/**
 * A product's stock as the database has it now.
 * @module
 */
import type { Tx } from "@marquee/db";
import { takenUnits } from "./holds.ts";
import { countLicenceKeys } from "./licence_keys.ts";
import type { ProductRow } from "./products.ts";
import { availableUnits, stockTotal } from "../domain/inventory.ts";

/** Total, taken and available units; lock the product first for a stable answer. */
export async function stockOf(tx: Tx, product: ProductRow, now: Date) {
  const licenceKeys = product.type === "software" ? await countLicenceKeys(tx, product.id) : 0;
  const total = stockTotal({ type: product.type, capacity: product.capacity, licenceKeys });
  const taken = await takenUnits(tx, product.id, now);
  return { total, taken, licenceKeys, available: availableUnits(total, taken) };
}
