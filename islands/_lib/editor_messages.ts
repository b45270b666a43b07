/**
 * What the product editor says about a refusal: every field or missing piece by its name on
 * the page, so a message never asks for corrections without saying where.
 * @module
 */
import type { Problem } from "./problem.ts";

/** The editor's names for the API's fields. */
const LABELS: Record<string, string> = {
  title: "Title",
  type: "Type",
  price: "Price",
  currency: "Currency",
  category: "Category",
  tags: "Tags",
  capacity: "Capacity",
  description: "Description",
  slug: "Slug",
  coverKey: "Cover image",
  file: "Files",
  files: "Files",
  licenceKeys: "Licence keys",
};

/** The label of an API field; the field itself when the editor has none. */
export function fieldLabel(field: string): string {
  return LABELS[field] ?? field;
}

/**
 * The form-wide message for a refusal. With field errors it names each ("Not ready to
 * publish. Licence keys: …"); without, it is the API's own detail.
 */
export function refusalMessage(problem: Problem, action: "save" | "publish" = "save"): string {
  if (problem.status === 401) return "Your session ended. Sign in again.";
  const entries = Object.entries(problem.fields);
  if (entries.length === 0) return problem.message;
  const named = entries.map(([field, message]) => `${fieldLabel(field)}: ${message}`).join(". ");
  const lead = action === "publish" ? "Not ready to publish" : "Please correct these";
  return `${lead}. ${named}.`.replace(/\.\./g, ".");
}
