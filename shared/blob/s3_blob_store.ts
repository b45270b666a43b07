/**
 * The S3 adapter (AWS SDK v3), path-style so MinIO works as well as AWS. Presigned PUTs
 * sign the content type, so an upload with another type is refused by the server. A stream
 * given to `put` is read into memory first, since S3 wants the length up front: large files
 * go from the browser straight to the bucket through `presignPut`.
 * @module
 */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { BlobStore } from "./blob_store.ts";
import { assertValidKey } from "./keys.ts";
import { assertHeaderValue, assertMaxBytes, attachment, expiresIn, readAll } from "./_options.ts";

/** Options for {@linkcode createS3BlobStore}. */
export interface S3BlobStoreOptions {
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** e.g. `http://127.0.0.1:9000` for MinIO; AWS's own endpoint when absent. */
  endpoint?: string;
  /** The endpoint as browsers reach it, for presigned URLs; `endpoint` when absent. */
  publicEndpoint?: string;
  /** Bucket in the path rather than the host name; MinIO needs it. */
  forcePathStyle?: boolean;
  requestTimeoutMs?: number;
}

/** The S3 store, plus what tests and tear-down scripts need. */
export interface S3BlobStore extends BlobStore {
  readonly kind: "s3";
  /** Deletes every object in the bucket, then the bucket. */
  removeBucket(): Promise<void>;
}

const isMissing = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/** Creates the S3 store; the client connects on first use. */
export function createS3BlobStore(options: S3BlobStoreOptions): S3BlobStore {
  const { bucket, forcePathStyle = true, requestTimeoutMs = 10_000 } = options;
  const clientFor = (endpoint: string | undefined) =>
    new S3Client({
      region: options.region,
      endpoint,
      forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Otherwise the SDK adds a CRC32 of the empty body to presigned PUT URLs.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      requestHandler: { requestTimeout: requestTimeoutMs, connectionTimeout: 3_000 },
      maxAttempts: 3,
    });
  const client = clientFor(options.endpoint);
  // Signing is local: this client only makes URLs, for the host browsers will send.
  const presigner = options.publicEndpoint && options.publicEndpoint !== options.endpoint
    ? clientFor(options.publicEndpoint)
    : client;

  const head = async (key: string) => {
    assertValidKey(key);
    try {
      const r = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return {
        key,
        size: r.ContentLength ?? 0,
        contentType: r.ContentType ?? "application/octet-stream",
        etag: r.ETag ?? "",
        ...(r.CacheControl ? { cacheControl: r.CacheControl } : {}),
      };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  };

  return {
    kind: "s3",
    async put(key, body, opts) {
      assertValidKey(key);
      assertHeaderValue("contentType", opts.contentType);
      const bytes = await readAll(body);
      const r = await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: opts.contentType,
          CacheControl: opts.cacheControl,
        }),
      );
      return { key, size: bytes.byteLength, etag: r.ETag ?? "" };
    },
    async get(key) {
      assertValidKey(key);
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!r.Body) return null;
        return {
          key,
          size: r.ContentLength ?? 0,
          contentType: r.ContentType ?? "application/octet-stream",
          etag: r.ETag ?? "",
          ...(r.CacheControl ? { cacheControl: r.CacheControl } : {}),
          body: r.Body.transformToWebStream() as ReadableStream<Uint8Array>,
        };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    head,
    async delete(key) {
      assertValidKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async presignPut(key, opts) {
      assertValidKey(key);
      assertHeaderValue("contentType", opts.contentType);
      if (opts.maxBytes !== undefined) assertMaxBytes(opts.maxBytes);
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: opts.contentType,
      });
      const url = await getSignedUrl(presigner, command, {
        expiresIn: expiresIn(opts.expiresInSec),
        signableHeaders: new Set(["content-type"]),
      });
      return { url, method: "PUT", headers: { "content-type": opts.contentType } };
    },
    async presignGet(key, opts = {}) {
      assertValidKey(key);
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentDisposition: opts.downloadName ? attachment(opts.downloadName) : undefined,
      });
      return await getSignedUrl(presigner, command, { expiresIn: expiresIn(opts.expiresInSec) });
    },
    async ensureBucket() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
        return;
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      try {
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
      } catch (error) {
        // Another instance created it between our two calls.
        if ((error as Error).name !== "BucketAlreadyOwnedByYou") throw error;
      }
    },
    async ping() {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    },
    async removeBucket() {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      await client.send(new DeleteBucketCommand({ Bucket: bucket }));
    },
    close() {
      client.destroy();
      if (presigner !== client) presigner.destroy();
      return Promise.resolve();
    },
  };
}
