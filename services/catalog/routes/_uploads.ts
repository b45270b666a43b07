/**
 * Upload rules: cover images and product files, and the blob keys they are stored under.
 * Keys are made here, never taken from clients, except a cover key handed back after an
 * upload, which must name this product's cover folder.
 * @module
 */
import { type BlobStore, InvalidKeyError } from "@marquee/blob";
import { validationProblem } from "@marquee/http";

/** Image types a cover may have, with their file extensions. */
export const COVER_TYPES = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
} as const;
/** A cover image type. */
export type CoverType = keyof typeof COVER_TYPES;

/** The largest cover image: 5 MiB. */
export const MAX_COVER_BYTES = 5 * 1024 * 1024;
/** The largest product file: 2 GiB. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;
/** How long an upload URL stays valid. */
export const UPLOAD_URL_TTL_SEC = 900;

/** The folder of a product's cover images. */
export function coverFolder(productId: string): string {
  return `products/${productId}/cover/`;
}

/** A fresh key for a cover of `contentType`. */
export function newCoverKey(productId: string, contentType: CoverType): string {
  return `${coverFolder(productId)}${crypto.randomUUID()}.${COVER_TYPES[contentType]}`;
}

/** The key of a product file. */
export function fileKey(productId: string, fileId: string): string {
  return `products/${productId}/files/${fileId}`;
}

const coverProblem = (message: string) => validationProblem([{ field: "body.coverKey", message }]);

/**
 * Throws a 422 on `body.coverKey` unless `key` names an uploaded image of this product
 * within the size limit. A presigned S3 PUT cannot cap the size, so it is checked here.
 */
export async function checkCoverUpload(
  blobs: BlobStore,
  productId: string,
  key: string,
): Promise<void> {
  if (!key.startsWith(coverFolder(productId))) {
    throw coverProblem("Not a cover upload of this product");
  }
  let info;
  try {
    info = await blobs.head(key);
  } catch (error) {
    if (error instanceof InvalidKeyError) throw coverProblem("Not a valid key");
    throw error;
  }
  if (!info) throw coverProblem("Nothing was uploaded at this key");
  if (info.size > MAX_COVER_BYTES) throw coverProblem(`Larger than ${MAX_COVER_BYTES} bytes`);
  if (!(info.contentType in COVER_TYPES)) {
    throw coverProblem(`Not an image of type ${Object.keys(COVER_TYPES).join(", ")}`);
  }
}
