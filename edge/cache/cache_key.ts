/**
 * Cache keys: one URL per resource, however the link was written. Query parameters are
 * sorted, tracking parameters dropped, the fragment removed, and the origin pinned to the
 * public one when configured (so a forged `Host` cannot plant entries under other keys).
 * @module
 */

const TRACKING =
  /^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|_ga|_gl|yclid|igshid)$/i;

/** The normalized URL used as the cache key for `url`. */
export function cacheKey(url: URL | string, publicOrigin?: string): string {
  const source = new URL(url);
  const key = new URL(source.pathname, publicOrigin ?? source.origin);
  const params = [...source.searchParams].filter(([name]) => !TRACKING.test(name));
  params.sort(([a, av], [b, bv]) => a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0);
  for (const [name, value] of params) key.searchParams.append(name, value);
  return key.href;
}
