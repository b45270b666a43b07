/**
 * The product editor's form state and its conversion to and from the catalog API's shape.
 * @module
 */
import type { Product, ProductType } from "./catalog_types.ts";
import { fromMinorUnits, toMinorUnits } from "./format.ts";

/** The editor's fields as typed. */
export interface Draft {
  title: string;
  type: ProductType;
  price: string;
  currency: string;
  category: string;
  tags: string;
  description: string;
  capacity: string;
}

/** Currencies the editor offers. */
export const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "JPY"] as const;

/** A new product's fields. */
export const EMPTY_DRAFT: Draft = {
  title: "",
  type: "course",
  price: "",
  currency: "USD",
  category: "",
  tags: "",
  description: "",
  capacity: "",
};

/** The fields of a stored product. */
export function draftOf(product: Product): Draft {
  return {
    title: product.title,
    type: product.type,
    price: fromMinorUnits(product.price.amount, product.price.currency),
    currency: product.price.currency,
    category: product.category ?? "",
    tags: product.tags.join(", "),
    description: product.description,
    capacity: product.capacity === null ? "" : String(product.capacity),
  };
}

/** The request body for the draft, or the fields that are wrong. */
export function bodyOf(
  draft: Draft,
): { ok: true; body: Record<string, unknown> } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  if (!draft.title.trim()) fields.title = "Enter a title";
  const amount = toMinorUnits(draft.price, draft.currency);
  if (amount === null) fields.price = "Enter a price such as 12 or 12.50 (0 for free)";
  const capacityText = draft.capacity.trim();
  const capacity = capacityText === "" ? null : Number(capacityText);
  if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1)) {
    fields.capacity = "Enter a whole number of at least 1, or leave it empty for unlimited";
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    body: {
      title: draft.title.trim(),
      description: draft.description,
      price: { amount, currency: draft.currency },
      category: draft.category.trim() || null,
      tags: [...new Set(draft.tags.split(",").map((t) => t.trim()).filter(Boolean))],
      capacity,
    },
  };
}
