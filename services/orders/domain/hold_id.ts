/**
 * Hold ids derived from the order and the product, so a retried reservation asks the
 * catalog for the same hold and the catalog answers it once.
 * @module
 */
import { createHash } from "node:crypto";

/** A UUID (version 5 layout) from SHA-256 of the order and product ids. */
export function holdIdFor(orderId: string, productId: string): string {
  const bytes = createHash("sha256").update(`marquee-hold:${orderId}:${productId}`).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20)
  }`;
}
