/**
 * A code applied to priced lines: the one computation behind the buyer's preview and the
 * checkout's redemption.
 * @module
 */
import type { Tx } from "@marquee/db";
import { validationProblem, z } from "@marquee/http";
import { creatorsOf, type DiscountRow, findCode } from "../db/discounts.ts";
import { discountLines, normalizeCode, refuseCode } from "../domain/discounts.ts";
import { Currency, MAX_AMOUNT, ProductId } from "./_schemas.ts";

/** A code as typed by a buyer. */
export const CodeText = z.string().trim().min(1, "Enter a code").max(
  32,
  "Codes are 32 characters at most",
);

/** Lines priced by the orders service (or the cart, for a preview). */
export const PricedLines = z.array(
  z.object({
    productId: ProductId,
    quantity: z.number().int().min(1).max(1000),
    unitAmount: z.number().int().min(0).max(MAX_AMOUNT).describe("Minor units"),
    currency: Currency,
  }).strict(),
).min(1).max(50);

/** The discount a code gives on some lines. */
export const Quote = z.object({
  code: z.string(),
  lines: z.array(z.object({ productId: z.string().uuid(), discount: z.number().int() })),
  discount: z.object({ amount: z.number().int(), currency: z.string() }),
}).openapi("DiscountQuote");
/** The discount a code gives on some lines. */
export type Quote = z.infer<typeof Quote>;

/**
 * The discount `text` gives on `lines` now, with the code's row (locked when asked); a 422
 * naming why on `field` when it gives none.
 */
export async function applyCode(
  tx: Tx,
  text: string,
  lines: z.infer<typeof PricedLines>,
  now: Date,
  options: { lock?: boolean; field?: string } = {},
): Promise<{ code: DiscountRow; quote: Quote }> {
  const code = await findCode(tx, normalizeCode(text), { lock: options.lock });
  const owners = await creatorsOf(tx, lines.map((l) => l.productId));
  const priced = lines.map((l) => ({ ...l, creatorId: owners.get(l.productId) ?? "" }));
  const refusal = refuseCode(text, code, priced, now);
  const off = code && !refusal ? discountLines(code, priced) : null;
  if (!code || !off || off.amount === 0) {
    const message = refusal?.message ??
      `Code "${normalizeCode(text)}" does not apply to anything in your cart`;
    throw validationProblem([{ field: options.field ?? "body.code", message }]);
  }
  return {
    code,
    quote: {
      code: code.code,
      lines: lines.map((l, i) => ({ productId: l.productId, discount: off.lines[i] ?? 0 })),
      discount: { amount: off.amount, currency: lines[0]!.currency },
    },
  };
}
