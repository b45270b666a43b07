/**
 * Where the catalog keeps a product's files, which this service presigns downloads for.
 * @module
 */

/**
 * The object key of a product file, exactly as the catalog stores it
 * (`services/catalog/routes/_uploads.ts` `fileKey`). The catalog publishes no internal file
 * API and its events carry no files, so this layout is a contract between the two services:
 * change both together.
 */
export function catalogFileKey(productId: string, fileId: string): string {
  return `products/${productId}/files/${fileId}`;
}
