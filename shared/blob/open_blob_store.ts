/**
 * The blob store a service's configuration asks for (`BlobStoreEnv` in `@marquee/config`):
 * S3 (MinIO locally) or files on disk whose presigned URLs are served under `/blobs`: those
 * URLs are paths, so they work at whatever origin the browser reached the edge by.
 * @module
 */
import type { BlobStore } from "./blob_store.ts";
import { createLocalBlobStore } from "./local_blob_store.ts";
import { createS3BlobStore } from "./s3_blob_store.ts";

/** The parsed blob settings, defaults applied. */
export interface BlobStoreSettings {
  BLOB_STORE: "s3" | "local";
  BLOB_ROOT: string;
  BLOB_SIGNING_SECRET: string;
  S3_ENDPOINT: string;
  S3_PUBLIC_ENDPOINT?: string;
  S3_REGION: string;
  S3_BUCKET: string;
  S3_ACCESS_KEY: string;
  S3_SECRET_KEY: string;
}

/** Opens the configured store; the caller ensures the bucket and closes it. */
export function openBlobStore(settings: BlobStoreSettings): BlobStore {
  if (settings.BLOB_STORE === "s3") {
    return createS3BlobStore({
      endpoint: settings.S3_ENDPOINT,
      ...(settings.S3_PUBLIC_ENDPOINT ? { publicEndpoint: settings.S3_PUBLIC_ENDPOINT } : {}),
      region: settings.S3_REGION,
      bucket: settings.S3_BUCKET,
      accessKeyId: settings.S3_ACCESS_KEY,
      secretAccessKey: settings.S3_SECRET_KEY,
    });
  }
  return createLocalBlobStore({
    root: settings.BLOB_ROOT,
    publicBaseUrl: "/blobs",
    secret: settings.BLOB_SIGNING_SECRET,
  });
}
