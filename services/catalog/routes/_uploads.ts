/**
 * Upload rules: cover images and product files, and the blob keys they are stored under.
 * Keys are made here, never taken from clients, except a cover key handed back after an
 * upload, which must name this product's cover folder.
 * @module
 */
import { type BlobStore, InvalidKeyError } from "@marquee/blob";
import { HttpProblem, validationProblem } from "@marquee/http";
import { fileTypeFromBuffer } from "file-type";

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

/** Bytes `file-type` needs to recognise every format it knows. */
const SNIFF_BYTES = 4100;

/** The first bytes of a stored object (fewer when it is shorter); null when it is missing. */
export async function readStart(blobs: BlobStore, key: string): Promise<Uint8Array | null> {
  const object = await blobs.get(key);
  if (!object) return null;
  const start = new Uint8Array(SNIFF_BYTES);
  let filled = 0;
  const reader = object.body.getReader();
  try {
    while (filled < SNIFF_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      const part = value.subarray(0, SNIFF_BYTES - filled);
      start.set(part, filled);
      filled += part.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return start.subarray(0, filled);
}

/** The media type the bytes really have, by their signature; undefined when unknown. */
export async function sniffType(bytes: Uint8Array): Promise<string | undefined> {
  return (await fileTypeFromBuffer(bytes))?.mime;
}

/**
 * Throws a 422 on `body.coverKey` unless `key` names an uploaded image of this product
 * within the size limit, whose bytes are a PNG, JPEG or WebP image whatever its name or
 * declared type says. A presigned S3 PUT cannot cap the size, so it is checked here.
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
  // A refused upload is of no use to anyone: its object goes at once.
  const refuse = async (message: string) => {
    await blobs.delete(key).catch(() => {});
    return coverProblem(message);
  };
  const mb = MAX_COVER_BYTES / 1024 / 1024;
  if (info.size > MAX_COVER_BYTES) throw await refuse(`The cover must be at most ${mb} MB`);
  const accepted = "a PNG, JPEG or WebP image";
  if (!(info.contentType in COVER_TYPES)) throw await refuse(`The cover must be ${accepted}`);
  const start = await readStart(blobs, key);
  if (!start) throw coverProblem("Nothing was uploaded at this key");
  const sniffed = await sniffType(start);
  if (!sniffed || !(sniffed in COVER_TYPES)) {
    throw await refuse(`The cover is not really ${accepted}, whatever its name says`);
  }
}

/** What a file record announced, and where its bytes were to go. */
export interface AnnouncedFile {
  name: string;
  size: number;
  contentType: string;
  key: string;
}

/**
 * Why the stored object does not match the announced file, as a problem naming `file`;
 * null when it does. The store's own metadata is the evidence: a presigned S3 PUT signs
 * the content type but cannot cap or fix the size.
 */
export async function checkFileUpload(
  blobs: BlobStore,
  file: AnnouncedFile,
): Promise<HttpProblem | null> {
  const info = await blobs.head(file.key);
  const refuse = (status: 409 | 422, message: string) =>
    new HttpProblem(status, message, { errors: [{ field: "file", message }] });
  if (!info) {
    return refuse(409, `The upload of "${file.name}" did not arrive; add the file again`);
  }
  if (info.size !== file.size) {
    return refuse(
      422,
      `The upload of "${file.name}" has ${info.size} bytes, not the ${file.size} announced`,
    );
  }
  if (info.contentType !== file.contentType) {
    return refuse(
      422,
      `The upload of "${file.name}" is "${info.contentType}", not "${file.contentType}"`,
    );
  }
  return null;
}
