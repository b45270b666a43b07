/**
 * A product's life cycle: draft, published, archived. Publishing needs a sellable product;
 * archiving is final. Who may see and change a product is decided here too.
 * @module
 */
import type { ProductStatus, ProductType } from "@marquee/contracts";
import { missingDetails, type TypeDetails } from "./product_types.ts";

/** One reason a product cannot be published, named by its field. */
export interface MissingField {
  field: string;
  message: string;
}

/** What publishing depends on. */
export interface PublishState extends TypeDetails {
  status: ProductStatus;
  type: ProductType;
  title: string;
  price: { amount: number; currency: string } | null;
  capacity: number | null;
  licenceKeys: number;
  files: number;
}

/** The answer to a publish request. */
export type PublishDecision =
  | { kind: "publish" }
  | { kind: "unchanged" }
  | { kind: "refuse"; detail: string; errors: MissingField[] };

/**
 * What a product still lacks before it can be sold. With `now`, a live ticket's event must
 * also be still to come (checked when it goes on sale, not on every later edit).
 */
export function missingForSale(p: PublishState, now?: Date): MissingField[] {
  const missing: MissingField[] = [];
  if (p.title.trim() === "") missing.push({ field: "title", message: "A title is required" });
  if (!p.price) missing.push({ field: "price", message: "A price is required" });
  if (p.type === "software" && p.licenceKeys === 0 && p.files === 0) {
    missing.push({
      field: "licenceKeys",
      message: "Software needs at least one licence key or one file",
    });
  }
  if (p.type === "live_ticket" && p.capacity === null) {
    missing.push({ field: "capacity", message: "A live ticket needs a capacity" });
  }
  missing.push(...missingDetails(p.type, p, now));
  return missing;
}

/** Drafts publish when complete; published ones stay; archived ones cannot come back. */
export function decidePublish(p: PublishState, now: Date): PublishDecision {
  switch (p.status) {
    case "published":
      return { kind: "unchanged" };
    case "archived":
      return { kind: "refuse", detail: "Archived products cannot be published", errors: [] };
    case "draft": {
      const errors = missingForSale(p, now);
      if (errors.length === 0) return { kind: "publish" };
      const fields = errors.map((e) => `"${e.field}"`).join(", ");
      return { kind: "refuse", detail: `Product is not ready to publish: ${fields}`, errors };
    }
    default: {
      const never: never = p.status;
      throw new Error(`Unknown status "${never}"`);
    }
  }
}

/** Archiving is idempotent. */
export function decideArchive(status: ProductStatus): { kind: "archive" | "unchanged" } {
  return { kind: status === "archived" ? "unchanged" : "archive" };
}

/** The answer to an unpublish request: back to draft, off the store but still editable. */
export type UnpublishDecision =
  | { kind: "unpublish" }
  | { kind: "unchanged" }
  | { kind: "refuse"; detail: string };

/** Published products go back to draft; drafts stay; archived ones stay archived. */
export function decideUnpublish(status: ProductStatus): UnpublishDecision {
  switch (status) {
    case "published":
      return { kind: "unpublish" };
    case "draft":
      return { kind: "unchanged" };
    case "archived":
      return { kind: "refuse", detail: "Archived products cannot be unpublished" };
    default: {
      const never: never = status;
      throw new Error(`Unknown status "${never}"`);
    }
  }
}

/** Whom a request comes from; absent for anonymous callers. */
export interface Viewer {
  userId: string;
  roles: readonly string[];
}

/** The product fields access depends on. */
export interface Owned {
  status: ProductStatus;
  creatorId: string;
}

/** Whether `viewer` created the product. */
export function isOwner(product: Owned, viewer: Viewer | undefined): boolean {
  return viewer !== undefined && viewer.userId === product.creatorId;
}

/** Published products are public; others only to their creator and admins. */
export function canView(product: Owned, viewer: Viewer | undefined): boolean {
  return product.status === "published" || isOwner(product, viewer) ||
    (viewer?.roles.includes("admin") ?? false);
}

/** Only the creator edits, publishes and uploads (admins included: they archive instead). */
export function canEdit(product: Owned, viewer: Viewer | undefined): boolean {
  return isOwner(product, viewer);
}

/** The creator or an admin may archive. */
export function canArchive(product: Owned, viewer: Viewer | undefined): boolean {
  return isOwner(product, viewer) || (viewer?.roles.includes("admin") ?? false);
}
