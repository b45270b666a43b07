/**
 * The blob store the configuration asks for: S3 (MinIO locally) or files on disk whose
 * presigned URLs this service serves under `/blobs`.
 * @module
 */
import { type BlobStore, createLocalBlobStore, createS3BlobStore } from "@marquee/blob";
import type { CatalogConfig } from "./config.ts";

/** Opens the configured store; the caller ensures the bucket and closes it. */
export function openBlobStore(config: CatalogConfig): BlobStore {
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
