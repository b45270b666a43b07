/**
 * Queries on `product_pricing`: a row marks a pay-what-you-want product.
 * @module
 */
import type { Tx } from "@marquee/db";

/** Turns pay-what-you-want on with `suggestedAmount`, or off when `enabled` is false. */
export async function setPayWhatYouWant(
  tx: Tx,
  productId: string,
  pricing: { enabled: boolean; suggestedAmount: number | null },
  at: Date,
): Promise<void> {
  if (!pricing.enabled) {
    await tx`delete from product_pricing where product_id = ${productId}`;
    return;
  }
  await tx`insert into product_pricing (product_id, suggested_amount, updated_at)
    values (${productId}, ${pricing.suggestedAmount}, ${at})
    on conflict (product_id) do update set suggested_amount = excluded.suggested_amount,
      updated_at = excluded.updated_at`;
}
