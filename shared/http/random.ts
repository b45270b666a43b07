/**
 * Cheap cryptographic randomness for ids minted on every request (trace and span ids, CSP
 * nonces): bytes come from `crypto.getRandomValues` in 4 KiB batches and are spelled with
 * lookup tables, so each id costs no call into the runtime and no intermediate arrays.
 * @module
 */

const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let used = POOL_BYTES;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** The start of `n` fresh random bytes in the pool. */
function take(n: number): number {
  if (used + n > POOL_BYTES) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  const at = used;
  used += n;
  return at;
}

/** Random lowercase hex of `bytes` bytes (at most 4096). */
export function randomHex(bytes: number): string {
  const at = take(bytes);
  let out = "";
  for (let i = at; i < at + bytes; i++) out += HEX[pool[i]!];
  return out;
}

/** `bytes` random bytes (at most 4096) in unpadded base64url. */
export function randomBase64Url(bytes: number): string {
  const at = take(bytes);
  const end = at + bytes;
  let out = "";
  let i = at;
  for (; i + 3 <= end; i += 3) {
    const n = (pool[i]! << 16) | (pool[i + 1]! << 8) | pool[i + 2]!;
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]! + B64URL[n & 63]!;
  }
  const rest = end - i;
  if (rest === 1) {
    const n = pool[i]!;
    out += B64URL[n >> 2]! + B64URL[(n & 3) << 4]!;
  } else if (rest === 2) {
    const n = (pool[i]! << 8) | pool[i + 1]!;
    out += B64URL[n >> 10]! + B64URL[(n >> 4) & 63]! + B64URL[(n & 15) << 2]!;
  }
  return out;
}
