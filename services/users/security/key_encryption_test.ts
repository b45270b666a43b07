import assert from "node:assert/strict";
import { createKeySealer } from "./key_encryption.ts";

const secret = "a-development-secret-of-32-chars!";

Deno.test("a sealed text opens with the same secret and label", async () => {
  const sealer = await createKeySealer(secret);
  const sealed = await sealer.seal('{"d":"private"}', "kid-1");
  assert.match(sealed, /^v1\.[\w-]+\.[\w-]+$/);
  assert.ok(!sealed.includes("private"));
  assert.equal(await sealer.open(sealed, "kid-1"), '{"d":"private"}');
});

Deno.test("a sealed text does not open under another label or secret", async () => {
  const sealer = await createKeySealer(secret);
  const sealed = await sealer.seal("text", "kid-1");
  await assert.rejects(() => sealer.open(sealed, "kid-2"));
  const other = await createKeySealer(secret.replace("a-", "b-"));
  await assert.rejects(() => other.open(sealed, "kid-1"));
  await assert.rejects(() => sealer.open("v2.x.y", "kid-1"), /unknown format/);
});
