import assert from "node:assert/strict";
import { z } from "zod";
import { cursorCodec } from "./cursor.ts";
import { HttpProblem } from "./problem.ts";

const codec = cursorCodec(z.object({
  at: z.iso.datetime().transform((s) => new Date(s)),
  id: z.uuid(),
}));
const position = { at: new Date("2026-03-01T10:00:00.123Z"), id: crypto.randomUUID() };

function refused(text: string): void {
  assert.throws(() => codec.decode(text), (error: unknown) => {
    assert.ok(error instanceof HttpProblem);
    assert.equal(error.status, 422);
    assert.equal(error.body.errors?.[0]?.field, "query.cursor");
    return true;
  });
}

Deno.test("cursorCodec: a cursor comes back as the position it was made from", () => {
  const text = codec.encode(position);
  assert.match(text, /^[\w-]+$/, "url-safe without padding");
  assert.deepEqual(codec.decode(text), position);
  assert.equal(codec.decode(undefined), undefined);
});

Deno.test("cursorCodec: anything it did not hand out is a 422 naming query.cursor", () => {
  const base64url = (value: unknown) =>
    new TextEncoder().encode(JSON.stringify(value)).toBase64({ alphabet: "base64url" });
  refused("nonsense");
  refused("not base64!");
  refused("");
  refused("a".repeat(600));
  refused(base64url({ at: "yesterday", id: position.id }));
  refused(base64url({ at: position.at, id: "not-a-uuid" }));
  refused(base64url([position.at, position.id]));
  refused(new Uint8Array([0xff, 0xfe]).toBase64({ alphabet: "base64url" }));
});
