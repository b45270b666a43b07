import type { ComponentChildren } from "preact";
import type { Product } from "../../islands/_lib/catalog_types.ts";
import { formatSize } from "../../islands/_lib/format.ts";

/**
 * "What's included" on a product page: each downloadable file with its size, a licence key
 * for software. `children` are more list items a product type adds (a ticket's event, a
 * membership's perks, a course's lessons), each an `<li>`.
 */
export function WhatsIncluded(
  { product, children }: { product: Product; children?: ComponentChildren },
) {
  const files = product.files ?? [];
  const key = product.type === "software";
  const extra = children !== undefined && children !== null && children !== false;
  if (files.length === 0 && !key && !extra) return null;
  return (
    <section class="whats-included" aria-labelledby="included-title">
      <h2 id="included-title">What’s included</h2>
      <ul class="included-list" role="list">
        {files.map((file) => (
          <li key={file.id} class="included-file">
            <span class="included-name">{file.name}</span>{" "}
            <span class="included-size">{formatSize(file.size)}</span>
          </li>
        ))}
        {key ? <li class="included-key">A licence key</li> : null}
        {children}
      </ul>
    </section>
  );
}
