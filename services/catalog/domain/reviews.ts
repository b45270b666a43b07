/**
 * Who may review a product: a buyer who owns it, never its creator, and only while it is
 * on sale or owned (published, or archived for those who bought it before).
 * @module
 */
import type { ProductStatus } from "@marquee/contracts";

/** Stars a review gives. */
export const MIN_RATING = 1;
/** Stars a review gives at most. */
export const MAX_RATING = 5;
/** The longest review text. */
export const MAX_REVIEW_LENGTH = 2000;

/** Why a viewer may not review a product. */
export type ReviewRefusal = "own_product" | "not_owner" | "not_on_sale";

/** What the rule needs to know. */
export interface ReviewCase {
  product: { creatorId: string; status: ProductStatus };
  viewerId: string;
  /** Whether the viewer holds an entitlement to the product. */
  owns: boolean;
}

/** Null when the viewer may review the product, else why not. */
export function reviewRefusal({ product, viewerId, owns }: ReviewCase): ReviewRefusal | null {
  if (product.creatorId === viewerId) return "own_product";
  if (product.status === "draft") return "not_on_sale";
  if (!owns) return "not_owner";
  return null;
}

/** The words of a refusal, for the 403 problem's detail. */
export function refusalDetail(refusal: ReviewRefusal): string {
  switch (refusal) {
    case "own_product":
      return "Creators cannot review their own products";
    case "not_owner":
      return "Only buyers who own this product can review it";
    case "not_on_sale":
      return "This product is not on sale yet";
    default: {
      const never: never = refusal;
      return never;
    }
  }
}
