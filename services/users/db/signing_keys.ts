/**
 * Queries on the `signing_keys` table.
 * @module
 */
import type { JWK } from "jose";
import type { Tx } from "@marquee/db";

/** A stored signing key; the private half stays sealed. */
export interface SigningKeyRow {
  kid: string;
  alg: string;
  publicJwk: JWK;
  privateJwkEncrypted: string;
  createdAt: Date;
  activatedAt: Date;
  retiredAt: Date | null;
}

/** Serializes key creation and rotation across replicas until the transaction ends. */
export async function lockSigningKeys(tx: Tx): Promise<void> {
  await tx`select pg_advisory_xact_lock(7342101)`;
}

/** The key that signs now, if any. */
export async function activeSigningKey(tx: Tx): Promise<SigningKeyRow | undefined> {
  const [row] = await tx<SigningKeyRow[]>`select * from signing_keys where retired_at is null`;
  return row;
}

/** The active key and those retired after `retiredSince`, newest first. */
export async function publishedSigningKeys(tx: Tx, retiredSince: Date): Promise<SigningKeyRow[]> {
  return await tx<SigningKeyRow[]>`select * from signing_keys
    where retired_at is null or retired_at > ${retiredSince}
    order by activated_at desc`;
}

/** Retires the active key. */
export async function retireActiveKey(tx: Tx, at: Date): Promise<void> {
  await tx`update signing_keys set retired_at = ${at} where retired_at is null`;
}

/** Stores a new key. */
export async function insertSigningKey(tx: Tx, row: SigningKeyRow): Promise<void> {
  await tx`insert into signing_keys
    (kid, alg, public_jwk, private_jwk_encrypted, created_at, activated_at, retired_at)
    values (${row.kid}, ${row.alg}, ${tx.json(row.publicJwk as Record<string, string>)},
      ${row.privateJwkEncrypted}, ${row.createdAt}, ${row.activatedAt}, ${row.retiredAt})`;
}
