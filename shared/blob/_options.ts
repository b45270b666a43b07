/** The longest presigned URL validity S3 accepts, in seconds. */
const MAX_EXPIRY_SEC = 604_800;

/** The validated expiry in seconds (300 when absent). */
export function expiresIn(expiresInSec = 300): number {
  if (!Number.isSafeInteger(expiresInSec) || expiresInSec < 1 || expiresInSec > MAX_EXPIRY_SEC) {
    throw new RangeError(
      `expiresInSec must be an integer from 1 to ${MAX_EXPIRY_SEC} (got "${expiresInSec}")`,
    );
  }
  return expiresInSec;
}

/** Throws unless `value` is a non-empty header value without control characters. */
export function assertHeaderValue(name: string, value: string): void {
  // deno-lint-ignore no-control-regex
  if (typeof value !== "string" || value.trim() === "" || /[\x00-\x1f\x7f]/.test(value)) {
    throw new TypeError(`${name} must be a non-empty header value (got "${value}")`);
  }
}

/** Throws unless `maxBytes` is a positive integer. */
export function assertMaxBytes(maxBytes: number): void {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new RangeError(`maxBytes must be a positive integer (got "${maxBytes}")`);
  }
}

/** A `Content-Disposition: attachment` value, with an RFC 6266 UTF-8 name for non-ASCII. */
export function attachment(fileName: string): string {
  assertHeaderValue("downloadName", fileName);
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Reads a body to the end. */
export async function readAll(body: Uint8Array | ReadableStream<Uint8Array>): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  return new Uint8Array(await new Response(body).arrayBuffer());
}
