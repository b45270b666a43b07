/**
 * Stream tickets: short-lived signed tokens for connections that cannot send an
 * `Authorization` header (browsers' `EventSource` and `WebSocket`). A page trades its
 * bearer token for a ticket and opens `?ticket=`. A ticket is a JWT (HS256, signed with
 * jose) naming one user (`sub`) and one channel (`aud`, such as `orders:<id>`); it may be
 * reused until it expires, so it is no more than a brief stand-in for the token.
 * @module
 */
import { errors, jwtVerify, SignJWT } from "jose";

/** Options of {@linkcode createTicketSigner}. */
export interface TicketSignerOptions {
  /** The service's own secret, at least 32 characters. */
  secret: string;
  /** How long a ticket lives; 60 seconds by default. */
  ttlSec?: number;
  /** Names the issuing service, so one service's tickets never open another's streams. */
  issuer: string;
}

/** Issues and checks the tickets of one service. */
export interface TicketSigner {
  /** A ticket for `userId` to open `channel`, and when it expires. */
  issue(userId: string, channel: string, now: Date): Promise<{ ticket: string; expiresAt: Date }>;
  /** The user a valid, unexpired ticket for `channel` names; undefined for anything else. */
  verify(ticket: string, channel: string, now: Date): Promise<string | undefined>;
}

/** Longest ticket accepted, far above a real one. */
const MAX_TICKET_LENGTH = 1024;
const ALGORITHM = "HS256";
const TYPE = "stream-ticket";

/** Creates a signer for `secret`; jose checks the signature in constant time. */
export function createTicketSigner(options: TicketSignerOptions): TicketSigner {
  const { issuer, ttlSec = 60 } = options;
  if (options.secret.length < 32) throw new Error("A ticket secret needs at least 32 characters");
  const key = new TextEncoder().encode(options.secret);
  return {
    async issue(userId, channel, now) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      const expiresAt = new Date((issuedAt + ttlSec) * 1000);
      const ticket = await new SignJWT({})
        .setProtectedHeader({ alg: ALGORITHM, typ: TYPE })
        .setIssuer(issuer)
        .setSubject(userId)
        .setAudience(channel)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSec)
        .sign(key);
      return { ticket, expiresAt };
    },
    async verify(ticket, channel, now) {
      if (ticket.length > MAX_TICKET_LENGTH) return undefined;
      try {
        const { payload } = await jwtVerify(ticket, key, {
          algorithms: [ALGORITHM],
          typ: TYPE,
          issuer,
          audience: channel,
          currentDate: now,
          clockTolerance: 0,
          requiredClaims: ["sub", "exp"],
        });
        return payload.sub;
      } catch (error) {
        if (error instanceof errors.JOSEError || error instanceof TypeError) return undefined;
        throw error;
      }
    },
  };
}
