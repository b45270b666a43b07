/**
 * Product slugs: lowercase ASCII words joined by dashes, made from titles and kept unique
 * with a numeric suffix. A slug never looks like a product id, so `/api/products/{idOrSlug}`
 * can tell the two apart.
 * @module
 */

/** What a slug looks like. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The longest slug. */
export const MAX_SLUG_LENGTH = 80;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is a UUID (a product id rather than a slug). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** Whether `text` is a usable slug. */
export function isSlug(text: string): boolean {
  return text.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(text) && !isUuid(text);
}

/** Cuts `slug` to `max` characters without leaving a dash at the end. */
function cut(slug: string, max: number): string {
  return slug.slice(0, max).replace(/-+$/, "");
}

/** The slug for a title: accents dropped, anything else non-alphanumeric turned into dashes. */
export function slugify(title: string): string {
  const ascii = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const slug = cut(ascii.replace(/[^a-z0-9]+/g, "-").replace(/^-+/, ""), MAX_SLUG_LENGTH);
  if (slug === "") return "product";
  return isUuid(slug) ? `${cut(slug, MAX_SLUG_LENGTH - 8)}-product` : slug;
}

/** `base` when free, else `base-2`, `base-3`... the first one not in `taken`. */
export function nextFreeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2;; n++) {
    const suffix = `-${n}`;
    const candidate = `${cut(base, MAX_SLUG_LENGTH - suffix.length)}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}
