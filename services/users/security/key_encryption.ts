/**
 * Seals signing keys at rest with AES-256-GCM under a key derived by HKDF-SHA256 from
 * KEY_ENCRYPTION_SECRET. The key id is bound as associated data, so a sealed key copied
 * to another row does not open.
 * @module
 */
import { base64url } from "jose";

/** Encrypts and decrypts short secrets bound to a label. */
export interface KeySealer {
  /** `v1.<iv>.<ciphertext>`, base64url parts. */
  seal(plaintext: string, label: string): Promise<string>;
  /** The plaintext; throws when the secret, the label or the text does not match. */
  open(sealed: string, label: string): Promise<string>;
}

const encoder = new TextEncoder();
const SALT = encoder.encode("marquee/users/signing-keys");

/** Derives the sealing key from `secret`. */
export async function createKeySealer(secret: string): Promise<KeySealer> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveKey",
  ]);
  const key = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: SALT, info: encoder.encode("aes-256-gcm v1") },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
  return {
    async seal(plaintext, label) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: encoder.encode(label) },
        key,
        encoder.encode(plaintext),
      );
      return `v1.${base64url.encode(iv)}.${base64url.encode(new Uint8Array(data))}`;
    },
    async open(sealed, label) {
      const [version, iv, data] = sealed.split(".");
      if (version !== "v1" || !iv || !data) throw new Error("Sealed key has an unknown format");
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: bytes(iv), additionalData: encoder.encode(label) },
        key,
        bytes(data),
      );
      return new TextDecoder().decode(plain);
    },
  };
}

/** Decodes base64url into a buffer WebCrypto accepts. */
function bytes(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(base64url.decode(text));
}
