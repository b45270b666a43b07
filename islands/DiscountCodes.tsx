import { useEffect, useState } from "preact/hooks";
import type { Money, Product } from "./_lib/catalog_types.ts";
import { fieldAria, FormMessage, useFocusFirstError } from "./_lib/Field.tsx";
import { formatDate, formatPrice, minorDigits, toMinorUnits } from "./_lib/format.ts";
import { SessionGate } from "./_lib/Gate.tsx";
import { networkProblem, readProblem } from "./_lib/problem.ts";
import { authFetch, currentUser, isCreator, loadSession } from "./_lib/session.ts";

/** A code as `GET /api/discounts` lists it. */
interface Discount {
  id: string;
  code: string;
  kind: "percent" | "amount";
  percentOff: number | null;
  amountOff: Money | null;
  productIds: string[];
  maxRedemptions: number | null;
  redemptions: number;
  expiresAt: string | null;
  active: boolean;
}

const CODE_HINT = "3 to 32 letters, digits or dashes; buyers may type it in any case.";
const LIMIT_HINT = "Leave empty for no limit.";
const CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CAD", "AUD"];

/** What a code takes off, as people read it. */
const offText = (d: Discount) =>
  d.percentOff !== null ? `${d.percentOff}% off` : `${formatPrice(d.amountOff!)} off`;

/** A creator's discount codes: the list, a form to make one, and deactivation. */
export default function DiscountCodes() {
  const [codes, setCodes] = useState<Discount[] | null>(null);
  const [products, setProducts] = useState<Product[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<"percent" | "amount">("percent");
  const form = useFocusFirstError<HTMLFormElement>(fields);

  const load = async () => {
    try {
      const [list, mine] = await Promise.all([
        authFetch("/api/discounts"),
        authFetch("/api/products?mine=true&limit=50"),
      ]);
      if (!list.ok) return setError((await readProblem(list)).message);
      setCodes((await list.json() as { items: Discount[] }).items);
      if (mine.ok) setProducts((await mine.json() as { items: Product[] }).items);
    } catch {
      setError(networkProblem().message);
    }
  };
  useEffect(() => {
    void loadSession().then((user) => isCreator(user) ? load() : undefined);
  }, []);

  const user = currentUser.value;
  if (!user) return <SessionGate user={user} next="/dashboard/discounts" purpose="manage codes" />;
  if (!isCreator(user)) {
    return <p class="notice">Discount codes are for creators. Your account buys only.</p>;
  }

  const create = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const found: Record<string, string> = {};
    const body: Record<string, unknown> = { code: text("code") };
    if (!text("code")) found.code = "Enter a code, such as SPRING-25";
    if (kind === "percent") {
      const percent = Number(text("percentOff"));
      if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
        found.percentOff = "Enter a whole percentage from 1 to 100";
      }
      body.percentOff = percent;
    } else {
      const currency = text("currency");
      const amount = toMinorUnits(text("amountOff"), currency);
      if (amount === null || amount <= 0) {
        found.amountOff = minorDigits(currency) === 0
          ? `Enter a whole amount in ${currency} above 0`
          : `Enter an amount in ${currency} above 0, such as 5.00`;
      }
      body.amountOff = { amount, currency };
    }
    const productId = text("productId");
    body.productIds = productId ? [productId] : [];
    if (text("maxRedemptions")) {
      const max = Number(text("maxRedemptions"));
      if (!Number.isInteger(max) || max < 1) found.maxRedemptions = "Enter a whole number from 1";
      body.maxRedemptions = max;
    }
    if (text("expiresOn")) {
      // The end of the chosen day in the creator's own time zone.
      const end = new Date(`${text("expiresOn")}T23:59:59`);
      if (Number.isNaN(end.getTime()) || end <= new Date()) {
        found.expiresAt = "Choose a day to come";
      }
      body.expiresAt = end.toISOString();
    }
    setFields(found);
    setSaved(null);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const res = await authFetch("/api/discounts", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!res.ok) {
        const problem = await readProblem(res);
        setFields(problem.fields);
        if (Object.keys(problem.fields).length === 0) setError(problem.message);
        return;
      }
      const made = await res.json() as Discount;
      (event.target as HTMLFormElement).reset();
      setSaved(`Code ${made.code} is ready to share.`);
      await load();
    } catch {
      setError(networkProblem().message);
    } finally {
      setBusy(false);
    }
  };

  const deactivate = async (d: Discount) => {
    setBusy(true);
    try {
      const res = await authFetch(`/api/discounts/${d.id}/deactivate`, { method: "POST" });
      if (!res.ok) setError((await readProblem(res)).message);
      else setSaved(`Code ${d.code} no longer works.`);
      await load();
    } finally {
      setBusy(false);
    }
  };

  const titleOf = (id: string) => products.find((p) => p.id === id)?.title ?? "One product";
  return (
    <>
      <FormMessage error={error} success={saved} />
      <section aria-labelledby="new-code-heading" class="discount-form">
        <h2 id="new-code-heading">New code</h2>
        <form ref={form} class="form" onSubmit={create} noValidate>
          <div class="field">
            <label for="code">Code</label>
            <input
              id="code"
              name="code"
              maxLength={32}
              autocapitalize="characters"
              {...fieldAria("code", { hint: CODE_HINT, error: fields.code })}
            />
            <p class="field-hint" id="code-hint">{CODE_HINT}</p>
            {fields.code ? <p class="field-error" id="code-error">{fields.code}</p> : null}
          </div>
          <fieldset class="field">
            <legend>Discount</legend>
            <label class="checkbox">
              <input
                type="radio"
                name="kind"
                checked={kind === "percent"}
                onChange={() => setKind("percent")}
              />{" "}
              Percentage
            </label>
            <label class="checkbox">
              <input
                type="radio"
                name="kind"
                checked={kind === "amount"}
                onChange={() => setKind("amount")}
              />{" "}
              Fixed amount
            </label>
          </fieldset>
          {kind === "percent"
            ? (
              <div class="field">
                <label for="percentOff">Percent off</label>
                <input
                  id="percentOff"
                  name="percentOff"
                  inputMode="numeric"
                  {...fieldAria("percentOff", { error: fields.percentOff })}
                />
                {fields.percentOff
                  ? <p class="field-error" id="percentOff-error">{fields.percentOff}</p>
                  : null}
              </div>
            )
            : (
              <div class="field">
                <label for="amountOff">Amount off</label>
                <div class="discount-code-row">
                  <input
                    id="amountOff"
                    name="amountOff"
                    inputMode="decimal"
                    {...fieldAria("amountOff", { error: fields.amountOff })}
                  />
                  <label class="visually-hidden" for="currency">Currency</label>
                  <select id="currency" name="currency">
                    {CURRENCIES.map((c) => <option key={c} value={c}>{c}</option>)}
                  </select>
                </div>
                {fields.amountOff
                  ? <p class="field-error" id="amountOff-error">{fields.amountOff}</p>
                  : null}
              </div>
            )}
          <div class="field">
            <label for="productId">Applies to</label>
            <select
              id="productId"
              name="productId"
              {...fieldAria("productId", { error: fields.productIds })}
            >
              <option value="">All your products</option>
              {products.map((p) => <option key={p.id} value={p.id}>{p.title}</option>)}
            </select>
            {fields.productIds
              ? <p class="field-error" id="productId-error">{fields.productIds}</p>
              : null}
          </div>
          <div class="field">
            <label for="maxRedemptions">Uses allowed (optional)</label>
            <input
              id="maxRedemptions"
              name="maxRedemptions"
              inputMode="numeric"
              {...fieldAria("maxRedemptions", { hint: LIMIT_HINT, error: fields.maxRedemptions })}
            />
            <p class="field-hint" id="maxRedemptions-hint">{LIMIT_HINT}</p>
            {fields.maxRedemptions
              ? <p class="field-error" id="maxRedemptions-error">{fields.maxRedemptions}</p>
              : null}
          </div>
          <div class="field">
            <label for="expiresOn">Last day (optional)</label>
            <input
              id="expiresOn"
              name="expiresOn"
              type="date"
              {...fieldAria("expiresOn", { error: fields.expiresAt })}
            />
            {fields.expiresAt
              ? <p class="field-error" id="expiresOn-error">{fields.expiresAt}</p>
              : null}
          </div>
          <button type="submit" class="button" disabled={busy}>Create code</button>
        </form>
      </section>
      <section aria-labelledby="codes-heading">
        <h2 id="codes-heading">Your codes</h2>
        {codes === null
          ? <p class="loading" role="status">Loading your codes…</p>
          : codes.length === 0
          ? <p class="notice">No codes yet. Make one above and share it with your buyers.</p>
          : (
            <ul class="discount-list" role="list">
              {codes.map((d) => (
                <li key={d.id} class="discount-item">
                  <p>
                    <strong>{d.code}</strong> · {offText(d)} ·{" "}
                    {d.productIds.length ? titleOf(d.productIds[0]!) : "All your products"}
                  </p>
                  <p class="field-hint">
                    {`Used ${d.redemptions}${d.maxRedemptions ? ` of ${d.maxRedemptions}` : ""}`}
                    {d.expiresAt ? ` · until ${formatDate(d.expiresAt)}` : ""}
                    {d.active ? "" : " · Inactive"}
                  </p>
                  {d.active
                    ? (
                      <button
                        type="button"
                        class="button button-quiet"
                        disabled={busy}
                        aria-label={`Deactivate ${d.code}`}
                        onClick={() => void deactivate(d)}
                      >
                        Deactivate
                      </button>
                    )
                    : null}
                </li>
              ))}
            </ul>
          )}
      </section>
    </>
  );
}
