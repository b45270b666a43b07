/**
 * How many units of a product a cart line may hold, and why a line cannot be bought: the
 * quantity picker offers no more than is left (and no more than one order may take), and
 * every message names the product, since a cart holds several.
 * @module
 */
import { MAX_QUANTITY } from "./cart_cookie.ts";

/** The most units one order may take: the stock (null: unlimited), capped per order. */
export function maxUnits(available: number | null): number {
  return Math.max(0, Math.min(MAX_QUANTITY, available ?? MAX_QUANTITY));
}

/** Why `quantity` units of `title` cannot be bought with `available` left; null when they can. */
export function shortReason(title: string, available: number | null, quantity: number) {
  if (available === null || quantity <= available) return null;
  return available <= 0 ? `"${title}" is sold out` : `"${title}" has only ${available} left`;
}

/** One choice of the quantity picker; `over` is the line's own quantity past what is left. */
export interface QuantityChoice {
  value: number;
  over: boolean;
}

/**
 * The picker's choices: 1 to `max`, plus the line's current quantity when it is past `max`
 * (stock sold since it was added), so the picker still shows what the line holds.
 */
export function quantityChoices(quantity: number, max: number): QuantityChoice[] {
  const choices = Array.from({ length: max }, (_, i) => ({ value: i + 1, over: false }));
  if (quantity > max) choices.push({ value: quantity, over: true });
  return choices;
}
