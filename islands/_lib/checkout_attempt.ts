/**
 * The Idempotency-Key of a checkout attempt: made once, kept in `sessionStorage` so that a
 * retry of the same attempt (a lost answer, a reload) sends the same key and the orders
 * service answers with the order already placed. Another body (another payment method,
 * other lines) is another attempt.
 * @module
 */

const KEY = "marquee.checkout.attempt";

interface Attempt {
  key: string;
  /** The request body the key was made for. */
  request: string;
}

/** The key of the current attempt to send `request` (the order's body), made if there is none. */
export function attemptKey(request: string, storage: Storage | null = safeStorage()): string {
  try {
    const stored = JSON.parse(storage?.getItem(KEY) ?? "null") as Attempt | null;
    if (stored?.request === request && typeof stored.key === "string") return stored.key;
  } catch {
    // A damaged entry starts a new attempt.
  }
  const attempt: Attempt = { key: crypto.randomUUID(), request };
  storage?.setItem(KEY, JSON.stringify(attempt));
  return attempt.key;
}

/** Ends the attempt once an order was placed: the next checkout is a new one. */
export function endAttempt(storage: Storage | null = safeStorage()): void {
  storage?.removeItem(KEY);
}

function safeStorage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}
