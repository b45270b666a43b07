/** Throws unless `ttlMs` is a positive whole number of milliseconds. */
export function assertTtl(ttlMs: number, name = "ttlMs"): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`${name} must be a positive integer (got "${ttlMs}")`);
  }
}

/** Throws unless `by` is a whole number. */
export function assertIncrement(by: number): void {
  if (!Number.isSafeInteger(by)) throw new RangeError(`by must be an integer (got "${by}")`);
}
