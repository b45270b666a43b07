/**
 * The typeahead half of product search: every word of the query as a prefix of a title
 * word, written in `to_tsquery` syntax. Only letters and digits pass, so no input can be
 * a syntax error; the full-text half uses `websearch_to_tsquery`, which accepts anything.
 * @module
 */

/** The most words a prefix query takes from the input. */
export const MAX_PREFIX_WORDS = 8;

// Quotes, exclusions and OR ask for exact full-text semantics, which prefixes would widen.
const WEBSEARCH_OPERATORS = /"|(^|\s)-\S|\sor\s/i;

/**
 * A `to_tsquery` matching titles with words starting with each query word; undefined when
 * the query has no words or uses websearch operators.
 */
export function titlePrefixQuery(q: string): string | undefined {
  if (WEBSEARCH_OPERATORS.test(q)) return undefined;
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_PREFIX_WORDS) ?? [];
  if (words.length === 0) return undefined;
  // Weight A is the title in the search vector (see the products_search_vector trigger).
  return words.map((w) => `${w}:*A`).join(" & ");
}
