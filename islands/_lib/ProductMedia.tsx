import type { Product, ProductFile } from "./catalog_types.ts";

const COVER_TYPES = "image/png,image/jpeg,image/webp,image/avif";

/** A product's cover and downloadable files, with pickers that start their uploads. */
export function ProductMedia({ product, busy, onCover, onFile }: {
  product: Product;
  busy: boolean;
  onCover: (file: File) => void;
  onFile: (file: File) => void;
}) {
  const picked = (handler: (file: File) => void) => (e: { currentTarget: HTMLInputElement }) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = "";
    if (file) handler(file);
  };
  const files: ProductFile[] = product.files ?? [];
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
          disabled={busy}
          onChange={picked(onCover)}
        />
      </div>
      <h3>Files buyers download</h3>
      {files.length === 0 ? <p class="empty">No files yet.</p> : (
        <ul class="file-list">
          {files.map((f) => <li key={f.id}>{`${f.name} (${Math.ceil(f.size / 1024)} KiB)`}</li>)}
        </ul>
      )}
      <div class="field">
        <label for="product-file">Attach a file</label>
        <input id="product-file" type="file" disabled={busy} onChange={picked(onFile)} />
      </div>
    </aside>
  );
}
