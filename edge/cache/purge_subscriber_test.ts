import assert from "node:assert/strict";
import { tagsForEvent } from "./purge_subscriber.ts";

const envelope = (type: string, data: unknown) =>
  JSON.stringify({ specversion: "1.0", id: "e1", source: "catalog", type, data });

Deno.test("product events name the product, its old slug, its creator and the catalog", () => {
  assert.deepEqual(
    tagsForEvent(envelope("product.updated", {
      productId: "p-1",
      slug: "new-slug",
      previousSlug: "old-slug",
      creatorId: "c-1",
      title: "ignored",
    })),
    ["product:new-slug", "product:p-1", "product:old-slug", "creator:c-1", "catalog"],
  );
  assert.deepEqual(tagsForEvent(envelope("product.published", { productId: "p-2" })), [
    "product:p-2",
    "catalog",
  ]);
});

Deno.test("inventory changes of limited products purge the product; unlimited ones nothing", () => {
  const sold = { productId: "p-1", holdId: "h-1", quantity: 1, available: 0 };
  assert.deepEqual(tagsForEvent(envelope("inventory.committed", sold)), ["product:p-1"]);
  assert.deepEqual(
    tagsForEvent(envelope("inventory.released", { ...sold, available: 3, reason: "expired" })),
    ["product:p-1"],
  );
  assert.deepEqual(
    tagsForEvent(envelope("inventory.reserved", { ...sold, available: null })),
    [],
  );
});

Deno.test("stream events purge the live listings, the home page and the stream, by path", () => {
  const streamId = "0b7c2d4e-1f2a-4b3c-8d4e-5f6a7b8c9d0e";
  for (
    const type of ["stream.scheduled", "stream.started", "stream.ended", "stream.replay_ready"]
  ) {
    assert.deepEqual(
      tagsForEvent(envelope(type, { streamId, creatorId: "c-1", title: "ignored" })),
      [
        "path:/",
        "path:/live",
        `path:/live/${streamId}`,
        "path:/api/streams",
        `path:/api/streams/${streamId}`,
        "creator:c-1",
      ],
      type,
    );
  }
  assert.deepEqual(tagsForEvent(envelope("stream.started", { streamId: "../x" })), []);
});

Deno.test("other events and malformed messages purge nothing", () => {
  assert.deepEqual(tagsForEvent(envelope("user.registered", { userId: "u-1" })), []);
  assert.deepEqual(tagsForEvent(envelope("inventory.reserved", { available: 2 })), []);
  assert.deepEqual(tagsForEvent("not json"), []);
  assert.deepEqual(tagsForEvent(envelope("product.updated", "nope")), []);
});
