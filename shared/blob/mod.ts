/**
 * Blob storage: the port, its S3 and local-disk adapters, and the routes that serve the
 * local store's presigned URLs.
 * @module
 */
export * from "./blob_store.ts";
export * from "./keys.ts";
export * from "./s3_blob_store.ts";
export * from "./local_blob_store.ts";
export * from "./local_blob_routes.ts";
export * from "./open_blob_store.ts";
