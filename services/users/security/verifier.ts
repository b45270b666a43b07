/**
 * The verifier this service's own routes authenticate with: the shared verifier over the
 * key ring's published keys, rebuilt when they change. A token naming a key not seen yet
 * (another replica just rotated) triggers one reload before it is refused.
 * @module
 */
import type { JSONWebKeySet } from "jose";
import { AuthError, createVerifier, type Verifier } from "@marquee/auth";
import type { KeyRing } from "./key_ring.ts";

/** Options of {@linkcode keyRingVerifier}. */
export interface KeyRingVerifierOptions {
  issuer: string;
  audience: string;
}

/** Creates a verifier that follows the key ring. */
export function keyRingVerifier(ring: KeyRing, options: KeyRingVerifierOptions): Verifier {
  let built: { jwks: JSONWebKeySet; verifier: Verifier } | undefined;
  const current = async () => {
    const jwks = await ring.jwks();
    if (built?.jwks !== jwks) built = { jwks, verifier: createVerifier({ jwks, ...options }) };
    return built.verifier;
  };
  return {
    async verify(token) {
      try {
        return await (await current()).verify(token);
      } catch (error) {
        if (!(error instanceof AuthError) || error.reason !== "unknown_key") throw error;
        await ring.reloadSoon();
        return await (await current()).verify(token);
      }
    },
  };
}
