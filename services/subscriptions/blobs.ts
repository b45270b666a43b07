/**
 * The blob store the configuration asks for, opened on the catalog's settings: downloads
 * are presigned here for objects the catalog stored (S3 bucket or local folder), and local
 * URLs point at the `/blobs` routes the catalog serves with the same signing secret.
 * @module
 */
import { type BlobStore, createLocalBlobStore, createS3BlobStore } from "@marquee/blob";
import type { SubscriptionsConfig } from "./config.ts";

/** Opens the configured store; the caller closes it. */
export function openBlobStore(config: SubscriptionsConfig): BlobStore {
  if (config.BLOB_STORE === "s3") {
    return createS3BlobStore({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET,
      accessKeyId: config.S3_ACCESS_KEY,
      secretAccessKey: config.S3_SECRET_KEY,
    });
  }
  return createLocalBlobStore({
    root: config.BLOB_ROOT,
    publicBaseUrl: `${config.PUBLIC_URL.replace(/\/+$/, "")}/blobs`,
    secret: config.BLOB_SIGNING_SECRET,
  });
}

/**
 * The object key of a product file, exactly as the catalog stores it
 * (`services/catalog/routes/_uploads.ts` `fileKey`). The catalog publishes no internal file
 * API and its events carry no files, so this layout is a contract between the two services:
 * change both together.
 */
export function catalogFileKey(productId: string, fileId: string): string {
  return `products/${productId}/files/${fileId}`;
}
