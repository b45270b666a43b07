import { useEffect, useState } from "preact/hooks";
import type { Money } from "./catalog_types.ts";
import { type CodeQuote, quoteCode, type QuoteLine, saveCode, savedCode } from "./discount_code.ts";
import { fieldAria } from "./Field.tsx";
import { formatPrice } from "./format.ts";

/** An applied code: its text and what it takes off. */
export type AppliedCode = Extract<CodeQuote, { ok: true }>;

/**
 * The discount code field of the cart and the checkout: applies a code to `lines` (a preview
 * by the catalog), says why one takes nothing, and keeps it for the checkout. `onChange`
 * hears the applied code, or null.
 */
export function DiscountCode(
  { lines, onChange }: { lines: QuoteLine[]; onChange: (code: AppliedCode | null) => void },
) {
  const [text, setText] = useState("");
  const [applied, setApplied] = useState<AppliedCode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Lines change with quantities: the kept code is priced again on the new lines.
  const key = JSON.stringify(lines.map((l) => [l.productId, l.quantity, l.unitPrice.amount]));

  const apply = async (code: string, quiet = false) => {
    if (lines.length === 0) return;
    setBusy(true);
    const quote = await quoteCode(code, lines);
    setBusy(false);
    if (quote.ok) {
      saveCode(quote.code);
      setApplied(quote);
      setError(null);
      onChange(quote);
      return;
    }
    saveCode(null);
    setApplied(null);
    onChange(null);
    if (!quiet || code) setError(quote.message);
    if (!quiet) document.getElementById("discount-code")?.focus();
  };

  useEffect(() => {
    const kept = applied?.code ?? savedCode();
    if (kept) void apply(kept, true);
  }, [key]);

  const remove = () => {
    saveCode(null);
    setApplied(null);
    setText("");
    setError(null);
    onChange(null);
  };

  if (applied) {
    return (
      <p class="discount-applied" role="status">
        {`Code ${applied.code} applied: ${formatPrice(applied.discount)} off. `}
        <button type="button" class="button button-quiet" onClick={remove}>
          Remove code
        </button>
      </p>
    );
  }
  const submit = (event: Event) => {
    event.preventDefault();
    void apply(text);
  };
  return (
    <div class="discount-code field">
      <label for="discount-code">Discount code</label>
      <div class="discount-code-row">
        <input
          id="discount-code"
          type="text"
          autocomplete="off"
          autocapitalize="characters"
          maxLength={32}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => e.key === "Enter" && submit(e)}
          {...fieldAria("discount-code", { error: error ?? undefined })}
        />
        <button type="button" class="button" disabled={busy} onClick={submit}>
          {busy ? "Applying…" : "Apply"}
        </button>
      </div>
      {error ? <p class="field-error" id="discount-code-error" role="alert">{error}</p> : null}
    </div>
  );
}

/** Subtotal and the discount line when a code applies, then the total. */
export function Totals({ subtotal, applied }: { subtotal: Money; applied: AppliedCode | null }) {
  const off = applied?.discount.amount ?? 0;
  const total = { ...subtotal, amount: Math.max(0, subtotal.amount - off) };
  return (
    <div class="order-totals">
      {applied
        ? (
          <>
            <p class="subtotal-line">
              Subtotal: <span>{formatPrice(subtotal)}</span>
            </p>
            <p class="discount-line">
              {`Discount (${applied.code}): `}
              <span>{`−${formatPrice(applied.discount)}`}</span>
            </p>
          </>
        )
        : null}
      <p class="cart-total">
        Total: <strong>{formatPrice(total)}</strong>
      </p>
    </div>
  );
}

/** What the buyer pays once `applied` is taken off `subtotal`. */
export function discounted(subtotal: Money, applied: AppliedCode | null): Money {
  return { ...subtotal, amount: Math.max(0, subtotal.amount - (applied?.discount.amount ?? 0)) };
}
