/**
 * Comparing secrets without leaking, through timing, how much of a guess was right.
 * @module
 */

const encoder = new TextEncoder();

/** Whether `given` equals `expected`, in time independent of where they differ. */
export async function secretEquals(given: string, expected: string): Promise<boolean> {
  // Comparing digests makes both sides the same length, so length leaks nothing either.
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
