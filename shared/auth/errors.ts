/**
 * Why an access token was refused.
 * @module
 */

/** The reasons a token can be refused, safe to show to the caller. */
export type AuthErrorReason =
  | "missing"
  | "malformed"
  | "expired"
  | "invalid_signature"
  | "unknown_key"
  | "wrong_audience"
  | "wrong_issuer"
  | "bad_claims";

const DESCRIPTIONS: Record<AuthErrorReason, string> = {
  missing: "Access token is missing",
  malformed: "Access token is malformed",
  expired: "Access token has expired",
  invalid_signature: "Access token signature is invalid",
  unknown_key: "Access token is signed by an unknown key",
  wrong_audience: "Access token is not meant for this service",
  wrong_issuer: "Access token has an unexpected issuer",
  bad_claims: "Access token claims are invalid",
};

/** An access token was missing or refused; `message` depends only on `reason`. */
export class AuthError extends Error {
  override name = "AuthError";
  constructor(readonly reason: AuthErrorReason, options?: ErrorOptions) {
    super(DESCRIPTIONS[reason], options);
  }
}
