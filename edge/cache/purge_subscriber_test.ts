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

Deno.test("other events and malformed messages purge nothing", () => {
  assert.deepEqual(tagsForEvent(envelope("user.registered", { userId: "u-1" })), []);
  assert.deepEqual(tagsForEvent(envelope("inventory.reserved", { available: 2 })), []);
  assert.deepEqual(tagsForEvent("not json"), []);
  assert.deepEqual(tagsForEvent(envelope("product.updated", "nope")), []);
});
