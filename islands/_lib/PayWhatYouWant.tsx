import { useState } from "preact/hooks";
import type { Product } from "./catalog_types.ts";
import { fieldAria, FormMessage } from "./Field.tsx";
import { formatPrice, fromMinorUnits, minorDigits, toMinorUnits } from "./format.ts";
import { networkProblem, readProblem } from "./problem.ts";
import { authFetch } from "./session.ts";

/**
 * The editor's pay-what-you-want section: on, the product's price is the least a buyer pays
 * (0: "name a fair price") and an optional suggested amount prefills the buyer's field.
 * Saved on its own with `PUT /api/products/{id}/pay-what-you-want`.
 */
export function PayWhatYouWant(
  { product, disabled, onChange }: {
    product: Product;
    disabled: boolean;
    onChange: (product: Product) => void;
  },
) {
  const { currency } = product.price;
  const current = product.payWhatYouWant ?? null;
  const [enabled, setEnabled] = useState(current !== null);
  const [suggested, setSuggested] = useState(
    current?.suggestedAmount == null ? "" : fromMinorUnits(current.suggestedAmount, currency),
  );
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const minimum = formatPrice(product.price);
  const hint = product.price.amount === 0
    ? "The price is 0: buyers name a fair price, 0 included."
    : `Buyers pay at least the price, ${minimum}.`;

  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    const amount = suggested.trim() === "" ? null : toMinorUnits(suggested, currency);
    if (enabled && suggested.trim() !== "" && amount === null) {
      const example = minorDigits(currency) === 0 ? "1500" : fromMinorUnits(1500, currency);
      setFieldError(`Enter an amount in ${currency} such as ${example}, or leave it empty`);
      document.getElementById("pwyw-suggested")?.focus();
      return;
    }
    if (enabled && amount !== null && amount < product.price.amount) {
      setFieldError(`Suggest at least the price, ${minimum}`);
      document.getElementById("pwyw-suggested")?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      const res = await authFetch(`/api/products/${product.id}/pay-what-you-want`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ enabled, suggestedAmount: enabled ? amount : null }),
      });
      if (!res.ok) {
        const problem = await readProblem(res);
        if (problem.fields.suggestedAmount) setFieldError(problem.fields.suggestedAmount);
        else setError(problem.message);
        return;
      }
      onChange(await res.json() as Product);
      setSaved(enabled ? "Buyers can now pay what they want." : "The price is fixed again.");
    } catch {
      setError(networkProblem().message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="editor-section pwyw" aria-labelledby="pwyw-heading">
      <h2 id="pwyw-heading">Pay what you want</h2>
      <form onSubmit={save} noValidate>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={enabled}
            disabled={disabled || busy}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />{" "}
          Let buyers pay what they want
        </label>
        <p class="field-hint">{hint}</p>
        {enabled
          ? (
            <div class="field">
              <label for="pwyw-suggested">{`Suggested amount (${currency}, optional)`}</label>
              <input
                id="pwyw-suggested"
                type="text"
                inputMode={minorDigits(currency) === 0 ? "numeric" : "decimal"}
                value={suggested}
                disabled={disabled || busy}
                onInput={(e) => setSuggested(e.currentTarget.value)}
                {...fieldAria("pwyw-suggested", { error: fieldError ?? undefined })}
              />
              {fieldError
                ? <p class="field-error" id="pwyw-suggested-error">{fieldError}</p>
                : null}
            </div>
          )
          : null}
        <FormMessage error={error} success={saved} />
        <button type="submit" class="button" disabled={disabled || busy}>
          {busy ? "Saving…" : "Save pricing"}
        </button>
      </form>
    </section>
  );
}
