/**
 * HMAC-SHA256 signatures for the local store's URLs, the stand-in for S3's presigning:
 * they bind the method, key, expiry, content type, size limit and download name.
 * @module
 */
import { timingSafeEqual } from "node:crypto";

/** What a local presigned URL binds; numbers travel as the strings in its query. */
export interface SignedFields {
  method: "PUT" | "GET";
  key: string;
  /** Unix seconds. */
  expires: string;
  contentType?: string;
  maxBytes?: string;
  downloadName?: string;
}

const encoder = new TextEncoder();

/** Imports `secret` as an HMAC-SHA256 key. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  if (secret.length < 16) throw new RangeError("Blob URL secret must have at least 16 characters");
  return crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    {
      name: "HMAC",
      hash: "SHA-256",
    },
    false,
    ["sign"],
  );
}

const canonical = (f: SignedFields) =>
  [f.method, f.key, f.expires, f.contentType ?? "", f.maxBytes ?? "", f.downloadName ?? ""]
    .join("\n");

async function mac(key: CryptoKey, fields: SignedFields): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(canonical(fields))));
}

/** The hex signature of `fields`. */
export async function sign(key: CryptoKey, fields: SignedFields): Promise<string> {
  return Array.from(await mac(key, fields), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Whether `signature` (hex) matches `fields`, compared in constant time. */
export async function verify(
  key: CryptoKey,
  fields: SignedFields,
  signature: string,
): Promise<boolean> {
  const expected = await mac(key, fields);
  if (!/^[0-9a-f]{64}$/.test(signature)) return false;
  const given = new Uint8Array(32);
  for (let i = 0; i < 32; i++) given[i] = parseInt(signature.slice(i * 2, i * 2 + 2), 16);
  return timingSafeEqual(expected, given);
}
