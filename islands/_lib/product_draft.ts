/**
 * The product editor's form state and its conversion to and from the catalog API's shape.
 * @module
 */
import { MAX_PRICE_AMOUNT, type Product, type ProductType } from "./catalog_types.ts";
import { amountExample, formatPrice, fromMinorUnits, toMinorUnits } from "./format.ts";
import { EMPTY_TYPE_DRAFT, typeBodyOf, type TypeDraft, typeDraftOf } from "./type_draft.ts";

/** The longest title the catalog accepts. */
export const MAX_TITLE_LENGTH = 140;

/** The editor's fields as typed. */
export interface Draft extends TypeDraft {
  title: string;
  type: ProductType;
  price: string;
  currency: string;
  category: string;
  tags: string[];
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
  tags: [],
  description: "",
  capacity: "",
  ...EMPTY_TYPE_DRAFT,
};

/** The fields of a stored product. */
export function draftOf(product: Product): Draft {
  return {
    title: product.title,
    type: product.type,
    price: fromMinorUnits(product.price.amount, product.price.currency),
    currency: product.price.currency,
    category: product.category ?? "",
    tags: product.tags,
    description: product.description,
    capacity: product.capacity === null ? "" : String(product.capacity),
    ...typeDraftOf(product),
  };
}

/** The request body for the draft, or the fields that are wrong. */
export function bodyOf(
  draft: Draft,
): { ok: true; body: Record<string, unknown> } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  if (!draft.title.trim()) fields.title = "Enter a title";
  else if (draft.title.trim().length > MAX_TITLE_LENGTH) {
    fields.title = `Shorten the title to ${MAX_TITLE_LENGTH} characters or fewer`;
  }
  const amount = toMinorUnits(draft.price, draft.currency);
  if (amount === null) {
    fields.price = `Enter a price such as ${amountExample(draft.currency)} (0 for free)`;
  }
  if (amount !== null && amount > MAX_PRICE_AMOUNT) {
    fields.price = `Enter at most ${
      formatPrice({ amount: MAX_PRICE_AMOUNT, currency: draft.currency })
    }`;
  }
  const capacityText = draft.capacity.trim();
  const capacity = capacityText === "" ? null : Number(capacityText);
  if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1)) {
    fields.capacity = draft.type === "live_ticket"
      ? "Enter how many seats you sell: a whole number of at least 1"
      : "Enter a whole number of at least 1, or leave it empty for unlimited";
  }
  const typed = typeBodyOf(draft.type, draft);
  Object.assign(fields, typed.fields);
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    body: {
      title: draft.title.trim(),
      description: draft.description,
      price: { amount, currency: draft.currency },
      category: draft.category.trim() || null,
      tags: [...new Set(draft.tags)],
      capacity,
      ...typed.body,
    },
  };
}
