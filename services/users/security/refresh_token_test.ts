import assert from "node:assert/strict";
import { hashRefreshToken, newRefreshToken } from "./refresh_token.ts";

Deno.test("a refresh token is 32 random bytes in base64url", () => {
  const token = newRefreshToken();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(token, newRefreshToken());
});

Deno.test("a token's hash is its hex SHA-256", async () => {
  assert.equal(
    await hashRefreshToken("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
