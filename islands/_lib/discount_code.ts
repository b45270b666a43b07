/**
 * The buyer's discount code in the browser: kept in `sessionStorage` from the cart to the
 * checkout, and previewed with `POST /api/discounts/quote` (nothing is redeemed until the
 * order is placed).
 * @module
 */
import type { Money } from "./catalog_types.ts";
import { networkProblem, readProblem } from "./problem.ts";

const KEY = "marquee.discount";

/** A line to price a code on. */
export interface QuoteLine {
  productId: string;
  quantity: number;
  unitPrice: Money;
}

/** What a code takes off, or why it takes nothing (naming the code). */
export type CodeQuote =
  | {
    ok: true;
    code: string;
    discount: Money;
    lines: Array<{ productId: string; discount: number }>;
  }
  | { ok: false; message: string };

/** The code the buyer entered in this tab, if any. */
export function savedCode(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(KEY) || null;
  } catch {
    return null;
  }
}

/** Keeps `code` for the checkout, or forgets it (null). */
export function saveCode(code: string | null): void {
  try {
    if (code) globalThis.sessionStorage?.setItem(KEY, code);
    else globalThis.sessionStorage?.removeItem(KEY);
  } catch {
    // Without storage the checkout asks for the code again.
  }
}

/** What `code` takes off `lines` now. */
export async function quoteCode(code: string, lines: QuoteLine[]): Promise<CodeQuote> {
  if (code.trim() === "") return { ok: false, message: "Enter a code" };
  try {
    const res = await fetch("/api/discounts/quote", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        code,
        lines: lines.map((l) => ({
          productId: l.productId,
          quantity: l.quantity,
          unitAmount: l.unitPrice.amount,
          currency: l.unitPrice.currency,
        })),
      }),
    });
    if (!res.ok) {
      const problem = await readProblem(res);
      return { ok: false, message: Object.values(problem.fields)[0] ?? problem.message };
    }
    return { ok: true, ...await res.json() };
  } catch {
    return { ok: false, message: networkProblem().message };
  }
}
