/**
 * The access-token signing keys: one active Ed25519 key signs; retired keys stay in the
 * published key set until every token they signed has expired, so rotating logs nobody
 * out. Keys live in Postgres (private halves sealed), cached here for a short while so
 * that replicas pick up each other's rotations.
 * @module
 */
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
} from "jose";
import type { Sql, Tx } from "@marquee/db";
import {
  activeSigningKey,
  insertSigningKey,
  lockSigningKeys,
  publishedSigningKeys,
  retireActiveKey,
  type SigningKeyRow,
} from "../db/signing_keys.ts";
import type { KeySealer } from "./key_encryption.ts";

/** The signature algorithm of access tokens (Ed25519). */
export const SIGNING_ALG = "EdDSA";

/** The key that signs now. */
export interface ActiveKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  activatedAt: Date;
}

/** Signing keys, their published set, creation and rotation. */
export interface KeyRing {
  /** Creates a key when none is active, or rotates one older than the maximum age. */
  ensureActive(): Promise<void>;
  /** Retires the active key for signing and activates a new one. */
  rotate(): Promise<{ kid: string; alg: string; activatedAt: Date }>;
  /** The key to sign with. */
  active(): Promise<ActiveKey>;
  /** The public keys to publish and verify with. */
  jwks(): Promise<JSONWebKeySet>;
  /** Reloads from the database at most once per second; for tokens naming an unknown key. */
  reloadSoon(): Promise<void>;
}

/** Options of {@linkcode createKeyRing}. */
export interface KeyRingOptions {
  sql: Sql;
  sealer: KeySealer;
  clock: () => Date;
  /** Rotate at start-up once the active key is older than this. */
  maxAgeDays: number;
  /** How long a retired key stays published; at least the access-token lifetime. */
  retiredPublishSec: number;
  /** How long loaded keys are trusted before rereading them. */
  cacheMs?: number;
}

interface Loaded {
  at: number;
  active: ActiveKey;
  jwks: JSONWebKeySet;
}

/** Creates the key ring over the `signing_keys` table. */
export function createKeyRing(options: KeyRingOptions): KeyRing {
  const { sql, sealer, clock, cacheMs = 60_000 } = options;
  let loaded: Loaded | undefined;
  let loading: Promise<Loaded> | undefined;
  let lastReload = 0;

  const load = () =>
    loading ??= (async () => {
      try {
        const now = clock();
        const since = new Date(now.getTime() - options.retiredPublishSec * 1000);
        const rows = await publishedSigningKeys(sql, since);
        const activeRow = rows.find((r) => r.retiredAt === null);
        if (!activeRow) throw new Error("No active signing key; run ensureActive at start-up");
        const jwk = JSON.parse(await sealer.open(activeRow.privateJwkEncrypted, activeRow.kid));
        loaded = {
          at: performance.now(),
          active: {
            kid: activeRow.kid,
            alg: activeRow.alg,
            privateKey: await importJWK(jwk, activeRow.alg) as unknown as CryptoKey,
            activatedAt: activeRow.activatedAt,
          },
          jwks: { keys: rows.map(publicKey) },
        };
        return loaded;
      } finally {
        loading = undefined;
      }
    })();

  const current = async () =>
    loaded && performance.now() - loaded.at < cacheMs ? loaded : await load();

  const create = async (tx: Tx, now: Date) => {
    const row = await newKey(sealer, now);
    await retireActiveKey(tx, now);
    await insertSigningKey(tx, row);
    return { kid: row.kid, alg: row.alg, activatedAt: row.activatedAt };
  };

  return {
    async ensureActive() {
      await sql.begin(async (tx) => {
        await lockSigningKeys(tx);
        const now = clock();
        const active = await activeSigningKey(tx);
        const maxAgeMs = options.maxAgeDays * 86_400_000;
        if (!active || now.getTime() - active.activatedAt.getTime() >= maxAgeMs) {
          await create(tx, now);
        }
      });
      await load();
    },
    async rotate() {
      const key = await sql.begin(async (tx) => {
        await lockSigningKeys(tx);
        return await create(tx, clock());
      });
      await load();
      return key;
    },
    async active() {
      return (await current()).active;
    },
    async jwks() {
      return (await current()).jwks;
    },
    async reloadSoon() {
      if (performance.now() - lastReload < 1000) return;
      lastReload = performance.now();
      await load();
    },
  };
}

async function newKey(sealer: KeySealer, now: Date): Promise<SigningKeyRow> {
  const pair = await generateKeyPair(SIGNING_ALG, { crv: "Ed25519", extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = await exportJWK(pair.privateKey);
  return {
    kid,
    alg: SIGNING_ALG,
    publicJwk,
    privateJwkEncrypted: await sealer.seal(JSON.stringify(privateJwk), kid),
    createdAt: now,
    activatedAt: now,
    retiredAt: null,
  };
}

function publicKey(row: SigningKeyRow): JWK {
  const { kty, crv, x } = row.publicJwk;
  return { kty, crv, x, kid: row.kid, alg: row.alg, use: "sig" };
}
