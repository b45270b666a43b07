/**
 * Access tokens: short-lived JWTs signed with the key ring's active key, carrying what
 * other services need to authorize without calling back (roles, email, name).
 * @module
 */
import { SignJWT } from "jose";
import type { Role } from "@marquee/contracts";
import type { KeyRing } from "./key_ring.ts";

/** Who the token is for. */
export interface TokenSubject {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
}

/** Issuer settings. */
export interface AccessTokenOptions {
  issuer: string;
  audience: string;
  ttlSec: number;
}

/** Signs an access token for `user` issued at `now`. */
export async function issueAccessToken(
  ring: KeyRing,
  user: TokenSubject,
  now: Date,
  options: AccessTokenOptions,
): Promise<string> {
  const key = await ring.active();
  const iat = Math.floor(now.getTime() / 1000);
  return await new SignJWT({ roles: user.roles, email: user.email, name: user.displayName })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(user.id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + options.ttlSec)
    .setJti(crypto.randomUUID())
    .sign(key.privateKey);
}
