/**
 * The store's categories, named as creators and buyers read them; a product stores the slug
 * made from the name ("Audio Production" → `audio-production`). Browser-safe.
 * @module
 */

/** Every category a creator can file a product under, by name. */
export const CATEGORIES = [
  "3D",
  "Art",
  "Audio",
  "Audio Production",
  "Business & Money",
  "Comics & Graphic Novels",
  "Design",
  "Drawing & Painting",
  "Education",
  "Fiction Books",
  "Film & Video",
  "Fitness & Health",
  "Games",
  "Music",
  "Photography",
  "Programming",
  "Self Improvement",
  "Software Development",
  "Tools",
  "Writing & Publishing",
] as const;

/** The slug a category name is stored as: lowercase ASCII words joined by single dashes. */
export function categorySlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The name of a stored category slug; the slug itself for one not in the list. */
export function categoryName(slug: string): string {
  return CATEGORIES.find((name) => categorySlug(name) === slug) ?? slug;
}
