import { useEffect, useState } from "preact/hooks";
import {
  type Product,
  PRODUCT_TYPES,
  type ProductFile,
  TYPE_LABELS,
} from "./_lib/catalog_types.ts";
import { CATEGORIES, categoryName, categorySlug } from "./_lib/categories.ts";
import { refusalMessage } from "./_lib/editor_messages.ts";
import { readerTimeZone } from "./_lib/event_time.ts";
import { amountExample } from "./_lib/format.ts";
import { Field, fieldAria, FormMessage, useFocusFirstError } from "./_lib/Field.tsx";
import { SessionGate } from "./_lib/Gate.tsx";
import { LicenceKeys } from "./_lib/LicenceKeys.tsx";
import { PayWhatYouWant } from "./_lib/PayWhatYouWant.tsx";
import { ProductMedia } from "./_lib/ProductMedia.tsx";
import { networkProblem, type Problem, readProblem } from "./_lib/problem.ts";
import {
  bodyOf,
  CURRENCIES,
  type Draft,
  draftOf,
  EMPTY_DRAFT,
  MAX_TITLE_LENGTH,
} from "./_lib/product_draft.ts";
import { authFetch, currentUser, isCreator, loadSession } from "./_lib/session.ts";
import { TagInput } from "./_lib/TagInput.tsx";
import { TypeFields } from "./_lib/TypeFields.tsx";
import { type PresignedUpload, uploadFile, uploadProductFile } from "./_lib/upload.ts";

const JSON_HEADERS = { "content-type": "application/json" };
const MAX_TAGS = 10;
const MAX_TAG_LENGTH = 32;

/** Draft fields typed as text. */
type TextKey = { [K in keyof Draft]: Draft[K] extends string ? K : never }[keyof Draft];

/** Props of {@linkcode ProductEditor}. */
export interface ProductEditorProps {
  /** The product to edit; a new draft when absent. */
  productId?: string;
}

/**
 * Creates (`POST /api/products`) and edits (`PATCH /api/products/:id`) a product with its
 * type's own fields (a ticket's event, a membership's period and perks), publishes,
 * unpublishes and archives it (an archived one is shown read-only), uploads its cover and files straight to storage with presigned URLs (a
 * file is listed once the catalog confirmed its upload), removes files, and fills a software
 * product's licence-key pool. Every refusal names the field or the missing piece.
 */
export default function ProductEditor({ productId }: ProductEditorProps) {
  const [product, setProduct] = useState<Product | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [fields, setFields] = useState<Record<string, string>>({});
  const editor = useFocusFirstError<HTMLDivElement>(fields);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const user = currentUser.value;
  const path = productId ? `/api/products/${encodeURIComponent(productId)}` : null;

  /** Shows a refusal; `field` marks the control a problem without field errors is about. */
  const fail = (problem: Problem, action: "save" | "publish" = "save", field?: string) => {
    const marked = field && Object.keys(problem.fields).length === 0
      ? { ...problem, fields: { [field]: problem.message } }
      : problem;
    setFields(marked.fields);
    setError(refusalMessage(marked, action));
  };

  const reload = async () => {
    if (!path) return;
    const res = await authFetch(path);
    if (res.ok) {
      const loaded = await res.json() as Product;
      setProduct(loaded);
      setDraft(draftOf(loaded));
    } else fail(await readProblem(res));
  };

  useEffect(() => {
    // A new event is in the creator's own zone until they choose another.
    if (!productId) setDraft((d) => d.eventZone ? d : { ...d, eventZone: readerTimeZone() });
    void (async () => {
      if (await loadSession()) await reload().catch(() => fail(networkProblem()));
    })();
  }, [path]);

  /** Runs one API step with the form busy and messages reset. */
  const step = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    setFields({});
    try {
      setSaved(await work());
    } catch {
      fail(networkProblem());
    }
    setBusy(false);
  };

  const send = async (
    url: string,
    method: string,
    body?: unknown,
    action: "save" | "publish" = "save",
  ) => {
    const res = await authFetch(url, {
      method,
      headers: JSON_HEADERS,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) {
      fail(await readProblem(res), action);
      return null;
    }
    const updated = await res.json() as Product;
    setProduct(updated);
    setDraft(draftOf(updated));
    return updated;
  };

  const save = (event: Event) => {
    event.preventDefault();
    void step(async () => {
      const result = bodyOf(draft);
      if (!result.ok) {
        fail({ status: 422, message: "", fields: result.fields, retryAfter: null });
        return null;
      }
      if (!path) {
        const created = await send("/api/products", "POST", { ...result.body, type: draft.type });
        if (created) location.assign(`/dashboard/products/${encodeURIComponent(created.id)}`);
        return created ? "Draft created." : null;
      }
      return await send(path, "PATCH", result.body) ? "Saved." : null;
    });
  };

  const action = (name: "publish" | "unpublish" | "archive", done: string) =>
    step(async () => (await send(`${path}/${name}`, "POST", undefined, "publish") ? done : null));

  const uploadCover = (file: File) =>
    step(async () => {
      const request = { contentType: file.type, size: file.size };
      const result = await uploadFile<{ upload: PresignedUpload; key: string }>(
        `${path}/cover-upload`,
        request,
        file,
      );
      if (!result.ok) {
        fail(result.problem, "save", "coverKey");
        return null;
      }
      return await send(path!, "PATCH", { coverKey: result.answer.key }) ? "Cover updated." : null;
    });

  const attach = (file: File) =>
    step(async () => {
      const result = await uploadProductFile(path!, file);
      if (!result.ok) fail(result.problem, "save", "file");
      await reload();
      return result.ok ? `Attached “${file.name}”.` : null;
    });

  const remove = (file: ProductFile) => {
    if (!confirm(`Remove “${file.name}”? Buyers will no longer be able to download it.`)) return;
    void step(async () => {
      const res = await authFetch(`${path}/files/${encodeURIComponent(file.id)}`, {
        method: "DELETE",
      });
      if (!res.ok) {
        fail(await readProblem(res), "save", "file");
        return null;
      }
      await reload();
      return `Removed “${file.name}”.`;
    });
  };

  if (!user) {
    const next = productId ? `/dashboard/products/${productId}` : "/dashboard/products/new";
    return <SessionGate user={user} next={next} purpose="edit your products" />;
  }
  if (!isCreator(user)) return <p class="notice">Only creators can edit products.</p>;
  if (path && !product) {
    return error ? <FormMessage error={error} /> : <p class="loading" role="status">Loading…</p>;
  }

  const set = (key: TextKey) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [key]: e.currentTarget.value });
  const input = (id: string, key: TextKey, hint?: string) => ({
    id: `product-${id}`,
    name: key,
    value: draft[key],
    onInput: set(key),
    ...fieldAria(`product-${id}`, { hint, error: fields[key] }),
  });
  const tagsHint = `Up to ${MAX_TAGS} tags. Press Enter or type a comma to add one.`;
  const priceHint = `In ${draft.currency}, such as ${
    amountExample(draft.currency)
  }. 0 makes it free.`;
  const titleLength = draft.title.trim().length;
  const titleHint = titleLength > MAX_TITLE_LENGTH
    ? `${titleLength} of ${MAX_TITLE_LENGTH} characters: ${titleLength - MAX_TITLE_LENGTH} too many`
    : `${titleLength} of ${MAX_TITLE_LENGTH} characters`;
  const archived = product?.status === "archived";
  // A category stored before the list keeps its place among the choices.
  const categories: { slug: string; name: string }[] = CATEGORIES.map((name) => ({
    slug: categorySlug(name),
    name,
  }));
  if (draft.category && !categories.some((c) => c.slug === draft.category)) {
    categories.push({ slug: draft.category, name: categoryName(draft.category) });
  }

  return (
    <div ref={editor} class="editor">
      <form class="form" onSubmit={save} noValidate>
        <FormMessage error={error} success={saved} />
        {product
          ? (
            <p class="status-line">
              Status: <strong>{product.status}</strong>
              {product.status === "published"
                ? (
                  <>
                    {" · "}
                    <a href={`/products/${encodeURIComponent(product.slug)}`}>View on store</a>
                  </>
                )
                : null}
            </p>
          )
          : null}
        {archived
          ? (
            <p class="notice">
              This product is archived: it is off sale for good and can no longer be changed. Buyers
              keep what they bought.
            </p>
          )
          : null}
        <fieldset class="editor-fields" disabled={archived}>
          <Field id="product-title" label="Title" hint={titleHint} error={fields.title}>
            <input type="text" required {...input("title", "title", titleHint)} />
          </Field>
          <Field id="product-type" label="Type" error={fields.type}>
            <select {...input("type", "type")} disabled={!!product}>
              {PRODUCT_TYPES.map((t) => <option key={t} value={t}>{TYPE_LABELS[t].one}</option>)}
            </select>
          </Field>
          <div class="field-row">
            <Field id="product-price" label="Price" hint={priceHint} error={fields.price}>
              <input
                type="text"
                inputMode="decimal"
                required
                {...input("price", "price", priceHint)}
              />
            </Field>
            <Field id="product-currency" label="Currency" error={fields.currency}>
              <select {...input("currency", "currency")}>
                {CURRENCIES.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </Field>
          </div>
          <TypeFields
            type={draft.type}
            draft={draft}
            errors={fields}
            onChange={(patch) => setDraft({ ...draft, ...patch })}
          />
          <Field id="product-category" label="Category" error={fields.category}>
            <select {...input("category", "category")}>
              <option value="">No category</option>
              {categories.map((c) => <option key={c.slug} value={c.slug}>{c.name}</option>)}
            </select>
          </Field>
          <Field id="product-tags" label="Tags" hint={tagsHint} error={fields.tags}>
            <TagInput
              id="product-tags"
              tags={draft.tags}
              onChange={(tags) => setDraft({ ...draft, tags })}
              max={MAX_TAGS}
              maxLength={MAX_TAG_LENGTH}
              hint
              error={!!fields.tags}
              disabled={archived}
            />
          </Field>
          <Field
            id="product-description"
            label="Description"
            hint="Markdown"
            error={fields.description}
          >
            <textarea
              rows={10}
              maxLength={20000}
              {...input("description", "description", "Markdown")}
            />
          </Field>
        </fieldset>
        <div class="actions">
          {archived ? null : (
            <button class="button" type="submit" disabled={busy}>
              {product ? "Save changes" : "Create draft"}
            </button>
          )}
          {product?.status === "draft"
            ? (
              <button
                class="button button-quiet"
                type="button"
                disabled={busy}
                onClick={() => void action("publish", "Published.")}
              >
                Publish
              </button>
            )
            : null}
          {product?.status === "published"
            ? (
              <button
                class="button button-quiet"
                type="button"
                disabled={busy}
                onClick={() =>
                  void action("unpublish", "Unpublished: back to draft, off the store.")}
              >
                Unpublish
              </button>
            )
            : null}
          {product && product.status !== "archived"
            ? (
              <button
                class="button button-danger"
                type="button"
                disabled={busy}
                onClick={() => {
                  if (confirm("Archive this product? It goes off sale for good.")) {
                    void action("archive", "Archived.");
                  }
                }}
              >
                Archive
              </button>
            )
            : null}
        </div>
      </form>
      {product && path
        ? (
          <div class="editor-side">
            <ProductMedia
              product={product}
              busy={busy || archived}
              errors={fields}
              onCover={uploadCover}
              onFile={attach}
              onRemove={remove}
            />
            <PayWhatYouWant product={product} disabled={busy || archived} onChange={setProduct} />
            {product.type === "software"
              ? (
                <LicenceKeys
                  path={path}
                  disabled={busy || product.status === "archived"}
                  error={fields.licenceKeys}
                  onChange={() => void reload()}
                />
              )
              : null}
          </div>
        )
        : null}
    </div>
  );
}
