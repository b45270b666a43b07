/**
 * Publishing keys: 32 random bytes (base64url), shown to the creator once and stored as
 * their SHA-256. A key this long cannot be guessed, so a slow password hash would add cost
 * and no safety; comparing hashes of equal length in constant time keeps timing quiet.
 * @module
 */
import { base64url } from "jose";
import { timingSafeEqual } from "node:crypto";

/** A fresh key and the hash to store. */
export async function newStreamKey(): Promise<{ key: string; hash: Uint8Array }> {
  const key = `sk_${base64url.encode(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { key, hash: await hashStreamKey(key) };
}

/** The stored form of a key. */
export async function hashStreamKey(key: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
}

/** Whether `key` is the one `hash` was made from. */
export async function keyMatches(key: string, hash: Uint8Array): Promise<boolean> {
  if (key.length === 0 || key.length > 256) return false;
  const given = await hashStreamKey(key);
  return given.length === hash.length && timingSafeEqual(given, hash);
}
