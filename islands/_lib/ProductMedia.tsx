import type { Product, ProductFile } from "./catalog_types.ts";
import { fieldAria } from "./Field.tsx";
import { formatSize } from "./format.ts";

const COVER_TYPES = "image/png,image/jpeg,image/webp";

/**
 * A product's cover and downloadable files, with pickers that start their uploads and a
 * remove button a file. Only confirmed files are listed. `errors` are the last refusal's,
 * keyed by API field: `coverKey`, `file`, and `licenceKeys` (software lacking a file or keys).
 */
export function ProductMedia({ product, busy, errors, onCover, onFile, onRemove }: {
  product: Product;
  busy: boolean;
  errors: Record<string, string>;
  onCover: (file: File) => void;
  onFile: (file: File) => void;
  onRemove: (file: ProductFile) => void;
}) {
  const picked = (handler: (file: File) => void) => (e: { currentTarget: HTMLInputElement }) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = "";
    if (file) handler(file);
  };
  const files: ProductFile[] = product.files ?? [];
  const readOnly = busy || product.status === "archived";
  const fileError = errors.file ?? (product.type === "software" ? errors.licenceKeys : undefined);
  return (
    <aside class="media" aria-labelledby="media-title">
      <h2 id="media-title">Cover and files</h2>
      {product.coverUrl
        ? (
          <img
            class="media-cover"
            src={product.coverUrl}
            alt={`Cover of ${product.title}`}
            width={400}
            height={300}
          />
        )
        : <p class="empty">No cover yet.</p>}
      <div class="field">
        <label for="product-cover">Upload a cover image</label>
        <input
          id="product-cover"
          type="file"
          accept={COVER_TYPES}
          disabled={readOnly}
          onChange={picked(onCover)}
          {...fieldAria("product-cover", { hint: "PNG, JPEG or WebP", error: errors.coverKey })}
        />
        <p class="field-hint" id="product-cover-hint">PNG, JPEG or WebP, up to 5 MB.</p>
        {errors.coverKey
          ? <p class="field-error" id="product-cover-error">{errors.coverKey}</p>
          : null}
      </div>
      <h3>Files buyers download</h3>
      {files.length === 0 ? <p class="empty">No files yet.</p> : (
        <ul class="file-list" role="list">
          {files.map((f) => (
            <li key={f.id}>
              <span>{`${f.name} (${formatSize(f.size)})`}</span>
              <button
                type="button"
                class="button button-quiet button-small"
                disabled={readOnly}
                aria-label={`Remove ${f.name}`}
                onClick={() => onRemove(f)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="field">
        <label for="product-file">Attach a file</label>
        <input
          id="product-file"
          type="file"
          disabled={readOnly}
          onChange={picked(onFile)}
          {...fieldAria("product-file", { error: fileError })}
        />
        {fileError ? <p class="field-error" id="product-file-error">{fileError}</p> : null}
      </div>
    </aside>
  );
}
