import assert from "node:assert/strict";
import { fieldLabel, refusalMessage } from "./editor_messages.ts";
import type { Problem } from "./problem.ts";

const problem = (status: number, fields: Record<string, string>, message = "Refused"): Problem => ({
  status,
  message,
  fields,
  retryAfter: null,
});

Deno.test("a publish refusal names each missing piece by its label", () => {
  const refused = problem(409, {
    licenceKeys: "Software needs at least one licence key or one file",
    price: "A price is required",
  });
  assert.equal(
    refusalMessage(refused, "publish"),
    "Not ready to publish. Licence keys: Software needs at least one licence key or one file. " +
      "Price: A price is required.",
  );
});

Deno.test("a save refusal names the field; a refusal without fields keeps the API's words", () => {
  const cover = problem(422, { coverKey: "The cover is not really a PNG, JPEG or WebP image." });
  assert.equal(
    refusalMessage(cover),
    "Please correct these. Cover image: The cover is not really a PNG, JPEG or WebP image.",
  );
  assert.equal(
    refusalMessage(problem(409, {}, "Archived products cannot change")),
    "Archived products cannot change",
  );
  assert.equal(refusalMessage(problem(401, {})), "Your session ended. Sign in again.");
  assert.equal(fieldLabel("somethingElse"), "somethingElse");
});
