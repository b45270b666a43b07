/**
 * Password hashing with argon2id. Unknown accounts are checked against a dummy hash of
 * the same cost, so a wrong email takes as long as a wrong password.
 * @module
 */
import { type Algorithm, hash, verify } from "@node-rs/argon2";

// `Algorithm` is an ambient const enum, which isolated modules cannot read at run time.
const ARGON2ID = 2 as Algorithm.Argon2id;

/** Argon2id cost; OWASP's minimum is 19456 KiB, two passes, one lane. */
export interface HashCost {
  memoryKiB: number;
  timeCost: number;
}

/** Hashes and checks passwords. */
export interface PasswordHasher {
  /** A PHC string (`$argon2id$v=19$m=...`) with a fresh salt. */
  hash(password: string): Promise<string>;
  /** Whether `password` matches `stored`; a malformed hash never matches. */
  verify(stored: string, password: string): Promise<boolean>;
  /** Spends the time of a real check and answers false, for accounts that do not exist. */
  verifyNobody(password: string): Promise<false>;
}

/** Creates a hasher with the given cost. */
export function createPasswordHasher(cost: HashCost): PasswordHasher {
  const options = {
    algorithm: ARGON2ID,
    memoryCost: cost.memoryKiB,
    timeCost: cost.timeCost,
    parallelism: 1,
  };
  // Made up front, so the first unknown email is not slower than the ones after it.
  const dummy = hash(crypto.randomUUID(), options);
  const check = async (stored: string, password: string) => {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  };
  return {
    hash: (password) => hash(password, options),
    verify: check,
    async verifyNobody(password) {
      await check(await dummy, password);
      return false;
    },
  };
}
