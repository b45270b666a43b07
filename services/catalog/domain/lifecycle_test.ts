import assert from "node:assert/strict";
import {
  canArchive,
  canEdit,
  canView,
  decideArchive,
  decidePublish,
  decideUnpublish,
  type PublishState,
} from "./lifecycle.ts";

const NOW = new Date("2026-12-01T12:00:00Z");
const EVENT = {
  startsAt: new Date("2026-12-12T19:00:00Z"),
  timeZone: "Europe/London",
  durationMinutes: 90,
};

const draft = (over: Partial<PublishState> = {}): PublishState => ({
  status: "draft",
  type: "asset",
  title: "Brushes",
  price: { amount: 500, currency: "EUR" },
  capacity: null,
  licenceKeys: 0,
  files: 0,
  event: null,
  membership: null,
  ...over,
});

Deno.test("publish: a complete draft publishes, a published one stays, an archived one cannot", () => {
  assert.deepEqual(decidePublish(draft(), NOW), { kind: "publish" });
  assert.deepEqual(decidePublish(draft({ status: "published" }), NOW), { kind: "unchanged" });
  assert.equal(decidePublish(draft({ status: "archived" }), NOW).kind, "refuse");
});

Deno.test("publish: software needs a key or a file, a live ticket a capacity", () => {
  // given
  const software = draft({ type: "software" });
  const ticket = draft({ type: "live_ticket", event: EVENT });
  // when
  const refusedSoftware = decidePublish(software, NOW);
  const refusedTicket = decidePublish(ticket, NOW);
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
  assert.equal(decidePublish({ ...software, files: 1 }, NOW).kind, "publish");
  assert.equal(decidePublish({ ...software, licenceKeys: 1 }, NOW).kind, "publish");
  assert.equal(decidePublish({ ...ticket, capacity: 10 }, NOW).kind, "publish");
});

Deno.test("publish: a live ticket needs its event still to come, a membership its period", () => {
  // given
  const ticket = draft({ type: "live_ticket", capacity: 50 });
  const membership = draft({ type: "membership" });
  // when
  const noEvent = decidePublish(ticket, NOW);
  const past = decidePublish({ ...ticket, event: EVENT }, new Date("2026-12-13T00:00:00Z"));
  const noPeriod = decidePublish(membership, NOW);
  // then
  const fields = (d: ReturnType<typeof decidePublish>) =>
    d.kind === "refuse" ? d.errors.map((e) => e.field) : [];
  assert.deepEqual(fields(noEvent), ["event"]);
  assert.deepEqual(fields(past), ["event.localStart"]);
  assert.deepEqual(fields(noPeriod), ["membership"]);
  assert.equal(decidePublish({ ...ticket, event: EVENT }, NOW).kind, "publish");
  const terms = { period: "month" as const, perks: ["Monthly pack"] };
  assert.equal(decidePublish({ ...membership, membership: terms }, NOW).kind, "publish");
});

Deno.test("unpublish: a published product goes back to draft; an archived one cannot", () => {
  assert.deepEqual(decideUnpublish("published"), { kind: "unpublish" });
  assert.deepEqual(decideUnpublish("draft"), { kind: "unchanged" });
  assert.equal(decideUnpublish("archived").kind, "refuse");
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
