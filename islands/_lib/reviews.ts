/**
 * Reviews as the catalog answers them, and how pages word ratings.
 * @module
 */
import type { RatingSummary } from "./catalog_types.ts";

/** A buyer's review; `body` is plain text, shown escaped. */
export interface Review {
  rating: number;
  body: string;
  authorName: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One page of a product's reviews. */
export interface ReviewPage {
  summary: RatingSummary;
  items: Review[];
  nextCursor: string | null;
}

/** Whether the signed-in user may review a product, and what they wrote. */
export interface MyReview {
  canReview: boolean;
  reason: string | null;
  review: Review | null;
}

/** The most text a review holds. */
export const MAX_REVIEW_LENGTH = 2000;

/** 4.5 → "4.5"; 4 → "4.0": one decimal, as stores show averages. */
export function formatAverage(average: number): string {
  return average.toFixed(1);
}

/** "4.5 out of 5 stars from 2 reviews"; "No reviews yet". */
export function ratingText({ count, average }: RatingSummary): string {
  if (count === 0 || average === null) return "No reviews yet";
  const reviews = count === 1 ? "1 review" : `${count} reviews`;
  return `${formatAverage(average)} out of 5 stars from ${reviews}`;
}

/** Five stars as text, filled to the nearest whole star: 3.6 → "★★★★☆". */
export function starGlyphs(rating: number): string {
  const full = Math.max(0, Math.min(5, Math.round(rating)));
  return "★".repeat(full) + "☆".repeat(5 - full);
}
