/**
 * Access-token verification against the users service's JSON Web Key Set. Remote key sets
 * are cached and refetched when a token names an unknown `kid`, which is how key rotation
 * is picked up without a restart. A verified token's principal is remembered until the
 * token expires, so a caller's next requests cost a map lookup instead of a signature check.
 * @module
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  jwtVerify,
  type JWTVerifyGetKey,
} from "jose";
import { AuthError, type AuthErrorReason } from "./errors.ts";
import { type Principal, principalFromClaims } from "./principal.ts";

/** Signature algorithms accepted; anything else (`none`, HMAC) is refused before key lookup. */
export const ALGORITHMS = ["EdDSA", "ES256"];

/** Where the verification keys come from. */
export type KeySource =
  | { /** URL of the issuer's `/.well-known/jwks.json`. */ jwksUrl: string | URL; jwks?: never }
  | { /** A key set held in process. */ jwks: JSONWebKeySet; jwksUrl?: never };

/** Options of `createVerifier`. */
export type VerifierOptions = KeySource & {
  /** Expected `iss`. */
  issuer: string;
  /** Expected `aud`; the token must name at least one. */
  audience: string | string[];
  /** Allowed clock skew in seconds for `exp` and `nbf`; 5 by default. */
  clockToleranceSec?: number;
  /** How long fetched keys are trusted, in milliseconds; 600000 by default. */
  cacheMaxAgeMs?: number;
  /** Minimum time between refetches triggered by unknown keys, in milliseconds; 30000 by default. */
  cooldownMs?: number;
  /** How many verified tokens are remembered until they expire; 10000 by default, 0 for none. */
  remember?: number;
};

/** Verifies access tokens. */
export interface Verifier {
  /**
   * Resolves the token's principal, or throws `AuthError`. Failing to reach the key set is
   * not the caller's fault and surfaces as the underlying error instead.
   */
  verify(token: string | undefined): Promise<Principal>;
}

/** Creates an access-token verifier. */
export function createVerifier(options: VerifierOptions): Verifier {
  const { issuer, audience, clockToleranceSec = 5 } = options;
  const keys: JWTVerifyGetKey = options.jwks
    ? createLocalJWKSet(options.jwks)
    : createRemoteJWKSet(new URL(options.jwksUrl), {
      cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
      cooldownDuration: options.cooldownMs ?? 30_000,
    });

  const remember = options.remember ?? 10_000;
  // Keyed by the whole token, signature included: only the very bytes verified can match.
  const verified = new Map<string, { principal: Principal; until: number }>();

  return {
    async verify(token) {
      if (!token) throw new AuthError("missing");
      const known = verified.get(token);
      if (known) {
        if (known.until > Date.now()) return known.principal;
        verified.delete(token);
      }
      if (token.split(".").length !== 3) throw new AuthError("malformed");
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer,
          audience,
          algorithms: ALGORITHMS,
          clockTolerance: clockToleranceSec,
          requiredClaims: ["exp", "sub"],
        }));
      } catch (error) {
        const reason = reasonOf(error);
        if (!reason) throw error;
        throw new AuthError(reason, { cause: error });
      }
      const principal = principalFromClaims(payload);
      if (remember > 0) {
        // Shared by every request that presents the token, so nobody may change it.
        Object.freeze(principal.roles);
        Object.freeze(principal);
        if (verified.size >= remember) verified.delete(verified.keys().next().value!);
        // jose accepts the token until `exp` plus the tolerance; so does the memory.
        verified.set(token, {
          principal,
          until: principal.expiresAt.getTime() + clockToleranceSec * 1000,
        });
      }
      return principal;
    },
  };
}

/** Maps a jose error to a reason; undefined for errors that are not about the token. */
function reasonOf(error: unknown): AuthErrorReason | undefined {
  const { code, claim } = error as { code?: string; claim?: string };
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return "expired";
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return claim === "aud" ? "wrong_audience" : claim === "iss" ? "wrong_issuer" : "bad_claims";
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return "unknown_key";
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return "invalid_signature";
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
    case "ERR_JOSE_NOT_SUPPORTED":
      return "malformed";
    default:
      return undefined;
  }
}
