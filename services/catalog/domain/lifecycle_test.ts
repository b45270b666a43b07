import assert from "node:assert/strict";
import {
  canArchive,
  canEdit,
  canView,
  decideArchive,
  decidePublish,
  type PublishState,
} from "./lifecycle.ts";

const draft = (over: Partial<PublishState> = {}): PublishState => ({
  status: "draft",
  type: "asset",
  title: "Brushes",
  price: { amount: 500, currency: "EUR" },
  capacity: null,
  licenceKeys: 0,
  files: 0,
  ...over,
});

Deno.test("publish: a complete draft publishes, a published one stays, an archived one cannot", () => {
  assert.deepEqual(decidePublish(draft()), { kind: "publish" });
  assert.deepEqual(decidePublish(draft({ status: "published" })), { kind: "unchanged" });
  assert.equal(decidePublish(draft({ status: "archived" })).kind, "refuse");
});

Deno.test("publish: software needs a key or a file, a live ticket a capacity", () => {
  // given
  const software = draft({ type: "software" });
  const ticket = draft({ type: "live_ticket" });
  // when
  const refusedSoftware = decidePublish(software);
  const refusedTicket = decidePublish(ticket);
  // then
  assert.equal(refusedSoftware.kind, "refuse");
  assert.deepEqual(
    refusedSoftware.kind === "refuse" && refusedSoftware.errors.map((e) => e.field),
    ["licenceKeys"],
  );
  assert.deepEqual(
    refusedTicket.kind === "refuse" && refusedTicket.detail,
    'Product is not ready to publish: "capacity"',
  );
  assert.equal(decidePublish({ ...software, files: 1 }).kind, "publish");
  assert.equal(decidePublish({ ...software, licenceKeys: 1 }).kind, "publish");
  assert.equal(decidePublish({ ...ticket, capacity: 10 }).kind, "publish");
});

Deno.test("archive is idempotent", () => {
  assert.equal(decideArchive("draft").kind, "archive");
  assert.equal(decideArchive("published").kind, "archive");
  assert.equal(decideArchive("archived").kind, "unchanged");
});

Deno.test("access: drafts are private to the creator and admins; only the creator edits", () => {
  const a = { userId: "a", roles: ["creator"] };
  const b = { userId: "b", roles: ["creator"] };
  const admin = { userId: "z", roles: ["admin"] };
  const product = { status: "draft" as const, creatorId: "a" };
  assert.ok(canView(product, a));
  assert.ok(canView(product, admin));
  assert.ok(!canView(product, b));
  assert.ok(!canView(product, undefined));
  assert.ok(canView({ ...product, status: "published" }, undefined));
  assert.ok(canEdit(product, a));
  assert.ok(!canEdit(product, admin));
  assert.ok(canArchive(product, admin));
  assert.ok(!canArchive(product, b));
});
