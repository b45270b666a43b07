import { useEffect, useState } from "preact/hooks";
import {
  type Product,
  PRODUCT_TYPES,
  type ProductFile,
  TYPE_LABELS,
} from "./_lib/catalog_types.ts";
import { refusalMessage } from "./_lib/editor_messages.ts";
import { Field, fieldAria, FormMessage } from "./_lib/Field.tsx";
import { SessionGate } from "./_lib/Gate.tsx";
import { LicenceKeys } from "./_lib/LicenceKeys.tsx";
import { ProductMedia } from "./_lib/ProductMedia.tsx";
import { networkProblem, type Problem, readProblem } from "./_lib/problem.ts";
import { bodyOf, CURRENCIES, type Draft, draftOf, EMPTY_DRAFT } from "./_lib/product_draft.ts";
import { authFetch, currentUser, isCreator, loadSession } from "./_lib/session.ts";
import { type PresignedUpload, uploadFile, uploadProductFile } from "./_lib/upload.ts";

const JSON_HEADERS = { "content-type": "application/json" };

/** Props of {@linkcode ProductEditor}. */
export interface ProductEditorProps {
  /** The product to edit; a new draft when absent. */
  productId?: string;
}

/**
 * Creates (`POST /api/products`) and edits (`PATCH /api/products/:id`) a product, publishes
 * and archives it, uploads its cover and files straight to storage with presigned URLs (a
 * file is listed once the catalog confirmed its upload), removes files, and fills a software
 * product's licence-key pool. Every refusal names the field or the missing piece.
 */
export default function ProductEditor({ productId }: ProductEditorProps) {
  const [product, setProduct] = useState<Product | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [fields, setFields] = useState<Record<string, string>>({});
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

  const action = (name: "publish" | "archive", done: string) =>
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

  const set = (key: keyof Draft) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [key]: e.currentTarget.value });
  const input = (id: string, key: keyof Draft, hint?: string) => ({
    id: `product-${id}`,
    name: key,
    value: draft[key],
    onInput: set(key),
    ...fieldAria(`product-${id}`, { hint, error: fields[key] }),
  });
  const capacityHint = "For tickets and limited editions; leave empty for unlimited.";
  const tagsHint = "Up to 10 tags, separated by commas.";
  const categoryHint = "Lowercase words joined by dashes, such as audio-production.";

  return (
    <div class="editor">
      <form class="form" onSubmit={save} noValidate>
        <FormMessage error={error} success={saved} />
        {product
          ? (
            <p class="status-line">
              Status: <strong>{product.status}</strong>
            </p>
          )
          : null}
        <Field id="product-title" label="Title" error={fields.title}>
          <input type="text" maxLength={140} required {...input("title", "title")} />
        </Field>
        <Field id="product-type" label="Type" error={fields.type}>
          <select {...input("type", "type")} disabled={!!product}>
            {PRODUCT_TYPES.map((t) => <option key={t} value={t}>{TYPE_LABELS[t].one}</option>)}
          </select>
        </Field>
        <div class="field-row">
          <Field id="product-price" label="Price" error={fields.price}>
            <input type="text" inputMode="decimal" required {...input("price", "price")} />
          </Field>
          <Field id="product-currency" label="Currency" error={fields.currency}>
            <select {...input("currency", "currency")}>
              {CURRENCIES.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </Field>
        </div>
        <Field
          id="product-category"
          label="Category"
          hint={categoryHint}
          error={fields.category}
        >
          <input type="text" maxLength={40} {...input("category", "category", categoryHint)} />
        </Field>
        <Field id="product-tags" label="Tags" hint={tagsHint} error={fields.tags}>
          <input type="text" {...input("tags", "tags", tagsHint)} />
        </Field>
        <Field id="product-capacity" label="Capacity" hint={capacityHint} error={fields.capacity}>
          <input type="number" min={1} step={1} {...input("capacity", "capacity", capacityHint)} />
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
        <div class="actions">
          <button class="button" type="submit" disabled={busy}>
            {product ? "Save changes" : "Create draft"}
          </button>
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
              busy={busy}
              errors={fields}
              onCover={uploadCover}
              onFile={attach}
              onRemove={remove}
            />
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
