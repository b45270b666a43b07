import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { createTicketSigner } from "./stream_ticket.ts";

const SECRET = "a-secret-of-at-least-thirty-two-chars";
const USER = "3f0c8f53-2d0e-4d57-9a43-0e8d4b7b9a10";
const now = new Date("2025-03-01T10:00:00Z");
const later = (sec: number) => new Date(now.getTime() + sec * 1000);
const signer = createTicketSigner({ secret: SECRET, issuer: "orders" });

Deno.test("ticket: names its user on its channel until it expires", async () => {
  const { ticket, expiresAt } = await signer.issue(USER, "orders:1", now);
  assert.equal(expiresAt.toISOString(), "2025-03-01T10:01:00.000Z");
  assert.equal(await signer.verify(ticket, "orders:1", later(59)), USER);
  assert.equal(await signer.verify(ticket, "orders:1", later(60)), undefined, "expired");
});

Deno.test("ticket: another channel, issuer or secret is refused", async () => {
  const { ticket } = await signer.issue(USER, "orders:1", now);
  assert.equal(await signer.verify(ticket, "orders:2", now), undefined);
  const otherService = createTicketSigner({ secret: SECRET, issuer: "notifications" });
  assert.equal(await otherService.verify(ticket, "orders:1", now), undefined);
  const otherSecret = createTicketSigner({ secret: `${SECRET}-other`, issuer: "orders" });
  assert.equal(await otherSecret.verify(ticket, "orders:1", now), undefined);
  assert.throws(() => createTicketSigner({ secret: "short", issuer: "orders" }));
});

Deno.test("ticket: forged, unsigned or junk tickets are refused", async () => {
  const { ticket } = await signer.issue(USER, "orders:1", now);
  const [header, , mac] = ticket.split(".");
  const claims = { iss: "orders", aud: "orders:1", sub: "someone", exp: 9e9 };
  const forged = new TextEncoder().encode(JSON.stringify(claims)).toBase64({
    alphabet: "base64url",
    omitPadding: true,
  });
  assert.equal(await signer.verify(`${header}.${forged}.${mac}`, "orders:1", now), undefined);
  const unsigned = `${btoa('{"alg":"none","typ":"stream-ticket"}')}.${forged}.`;
  assert.equal(await signer.verify(unsigned, "orders:1", now), undefined);
  // A bearer-style token with the same secret but not a ticket is refused too.
  const token = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" })
    .sign(new TextEncoder().encode(SECRET));
  assert.equal(await signer.verify(token, "orders:1", now), undefined);
  for (const junk of ["", "abc", "a.b", "a.b.c", `${ticket}x`, "x".repeat(2000)]) {
    assert.equal(await signer.verify(junk, "orders:1", now), undefined, junk);
  }
});
