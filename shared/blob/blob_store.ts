/**
 * The blob store port. S3 (MinIO locally) in production, files on disk in embedded mode;
 * both hand browsers presigned URLs so uploads and downloads skip the services.
 * @module
 */

/** Options for {@linkcode BlobStore.put}. */
export interface PutOptions {
  contentType: string;
  cacheControl?: string;
}

/** What {@linkcode BlobStore.put} stored. */
export interface PutResult {
  key: string;
  size: number;
  /** The HTTP entity tag, quoted as in an `ETag` header. */
  etag: string;
}

/** A stored object's metadata. */
export interface BlobInfo extends PutResult {
  contentType: string;
  cacheControl?: string;
}

/** A stored object with its bytes; read or cancel `body`, or its file or socket stays open. */
export interface BlobObject extends BlobInfo {
  body: ReadableStream<Uint8Array>;
}

/** Options for {@linkcode BlobStore.presignPut}. */
export interface PresignPutOptions {
  /** Signed: the upload must send exactly this `Content-Type`. */
  contentType: string;
  /**
   * Largest accepted body. The local store enforces it; a presigned S3 PUT cannot, so
   * check `head(key).size` before trusting an upload made through S3.
   */
  maxBytes?: number;
  /** Validity in seconds, 1 to 604800 (7 days); 300 when absent. */
  expiresInSec?: number;
}

/** How a browser uploads: `fetch(url, { method, headers, body })`. */
export interface PresignedPut {
  url: string;
  method: "PUT";
  headers: Record<string, string>;
}

/** Options for {@linkcode BlobStore.presignGet}. */
export interface PresignGetOptions {
  /** Validity in seconds, 1 to 604800 (7 days); 300 when absent. */
  expiresInSec?: number;
  /** Served as an attachment with this file name. */
  downloadName?: string;
}

/** The store both adapters implement. Keys follow {@linkcode assertValidKey}. */
export interface BlobStore {
  readonly kind: "s3" | "local";
  /** Stores bytes (a stream is read to the end) and resolves what was stored. */
  put(
    key: string,
    body: Uint8Array | ReadableStream<Uint8Array>,
    options: PutOptions,
  ): Promise<PutResult>;
  /** The object, or null when the key is missing. */
  get(key: string): Promise<BlobObject | null>;
  /** The object's metadata, or null when the key is missing. */
  head(key: string): Promise<BlobInfo | null>;
  /** Removes the object; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** A URL a browser can PUT the object to, with the headers it must send. */
  presignPut(key: string, options: PresignPutOptions): Promise<PresignedPut>;
  /** A URL a browser can GET the object from. */
  presignGet(key: string, options?: PresignGetOptions): Promise<string>;
  /** Creates the bucket (or folder) when missing. */
  ensureBucket(): Promise<void>;
  /** Resolves when the bucket (or folder) is reachable; used by readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
