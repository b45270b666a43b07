import assert from "node:assert/strict";
import { EMPTY_TYPE_DRAFT, typeBodyOf } from "./type_draft.ts";

Deno.test("a live ticket sends its event in its own zone; an empty date clears it", () => {
  const draft = {
    ...EMPTY_TYPE_DRAFT,
    eventStart: "2027-03-20T19:00",
    eventZone: "Europe/London",
    eventDuration: "90",
  };
  assert.deepEqual(typeBodyOf("live_ticket", draft), {
    body: {
      event: { localStart: "2027-03-20T19:00", timeZone: "Europe/London", durationMinutes: 90 },
    },
    fields: {},
  });
  assert.deepEqual(typeBodyOf("live_ticket", EMPTY_TYPE_DRAFT).body, { event: null });
  const bad = typeBodyOf("live_ticket", { ...draft, eventDuration: "1.5", eventZone: "" });
  assert.deepEqual(Object.keys(bad.fields).sort(), ["eventDuration", "eventZone"]);
});

Deno.test("a membership sends its period and perks, one a line; other types send neither", () => {
  const draft = { ...EMPTY_TYPE_DRAFT, period: "year" as const, perks: " Packs \n\nDiscord\n" };
  assert.deepEqual(typeBodyOf("membership", draft).body, {
    membership: { period: "year", perks: ["Packs", "Discord"] },
  });
  const many = { ...draft, perks: Array.from({ length: 21 }, (_, i) => `p${i}`).join("\n") };
  assert.ok(typeBodyOf("membership", many).fields.membership);
  assert.deepEqual(typeBodyOf("course", draft), { body: {}, fields: {} });
});
