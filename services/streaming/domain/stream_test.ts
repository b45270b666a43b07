import assert from "node:assert/strict";
import {
  decide,
  evolveAll,
  type Stream,
  type StreamCommand,
  type StreamEvent,
  StreamRuleError,
} from "./stream.ts";

const T0 = new Date("2026-03-01T12:00:00.000Z");
const at = (sec: number) => new Date(T0.getTime() + sec * 1000);
const ID = "00000000-0000-4000-8000-0000000000a1";
const GRACE_MS = 30_000;

const schedule: StreamCommand = {
  type: "schedule",
  id: ID,
  creatorId: "creator-1",
  fields: {
    title: "  Modular patching, live  ",
    description: "",
    scheduledStart: at(3600),
    access: { kind: "free" },
  },
  at: T0,
};

/** Given these commands, when `command` is decided, then the events are returned. */
function given(...commands: StreamCommand[]) {
  let state: Stream | undefined;
  for (const c of commands) state = evolveAll(state, decide(c, state));
  return {
    state,
    when(command: StreamCommand): StreamEvent[] {
      return decide(command, state);
    },
  };
}

Deno.test("scheduling a stream trims the title and starts it scheduled", () => {
  const events = given().when(schedule);
  assert.equal(events.length, 1);
  const stream = evolveAll(undefined, events)!;
  assert.equal(stream.title, "Modular patching, live");
  assert.equal(stream.status, "scheduled");
  assert.equal(events[0]!.type, "stream.scheduled");
});

Deno.test("a blank title or a start in the past is refused, naming the field", () => {
  const blank = { ...schedule, fields: { ...schedule.fields, title: "  " } } as StreamCommand;
  assert.throws(
    () => given().when(blank),
    (e) => e instanceof StreamRuleError && e.field === "title",
  );
  const past = {
    ...schedule,
    fields: { ...schedule.fields, scheduledStart: at(-3600) },
  } as StreamCommand;
  assert.throws(
    () => given().when(past),
    (e) => e instanceof StreamRuleError && e.field === "scheduledStart",
  );
});

Deno.test("the publisher arriving makes a scheduled stream live", () => {
  const { state, when } = given(schedule);
  assert.equal(state?.status, "scheduled");
  assert.deepEqual(when({ type: "publisher_arrived", at: at(5) }), [
    { type: "stream.started", at: at(5) },
  ]);
});

Deno.test("a dropped publisher puts the stream in reconnecting until the deadline", () => {
  const g = given(schedule, { type: "publisher_arrived", at: at(5) });
  const events = g.when({ type: "publisher_left", at: at(60), graceMs: GRACE_MS });
  assert.deepEqual(events, [{ type: "stream.reconnecting", at: at(60), deadline: at(90) }]);
  const reconnecting = evolveAll(g.state, events)!;
  assert.equal(reconnecting.status, "reconnecting");
  // Before the deadline nothing happens; at it the stream ends.
  assert.deepEqual(decide({ type: "grace_check", at: at(89) }, reconnecting), []);
  assert.deepEqual(decide({ type: "grace_check", at: at(90) }, reconnecting), [
    { type: "stream.ended", at: at(90), reason: "publisher_gone" },
  ]);
});

Deno.test("a publisher back within the grace period resumes the same stream", () => {
  const { state, when } = given(
    schedule,
    { type: "publisher_arrived", at: at(5) },
    { type: "publisher_left", at: at(60), graceMs: GRACE_MS },
  );
  const events = when({ type: "publisher_arrived", at: at(70) });
  assert.deepEqual(events, [{ type: "stream.resumed", at: at(70) }]);
  const live = evolveAll(state, events)!;
  assert.equal(live.status, "live");
  assert.equal(live.startedAt?.getTime(), at(5).getTime());
  assert.equal(live.reconnectDeadline, null);
  assert.deepEqual(decide({ type: "grace_check", at: at(200) }, live), []);
});

Deno.test("an ended stream stays ended: late hooks change nothing", () => {
  const { state, when } = given(
    schedule,
    { type: "publisher_arrived", at: at(5) },
    { type: "publisher_left", at: at(60), graceMs: GRACE_MS },
    { type: "grace_check", at: at(91) },
  );
  assert.equal(state?.status, "ended");
  assert.deepEqual(when({ type: "publisher_arrived", at: at(100) }), []);
  assert.deepEqual(when({ type: "publisher_left", at: at(100), graceMs: GRACE_MS }), []);
  assert.throws(() => when({ type: "edit", fields: { title: "x" }, at: at(100) }), StreamRuleError);
});

Deno.test("only a scheduled stream can be cancelled", () => {
  const { state, when } = given(schedule);
  const events = when({ type: "cancel", at: at(1) });
  assert.deepEqual(events, [{ type: "stream.ended", at: at(1), reason: "cancelled" }]);
  assert.equal(evolveAll(state, events)?.status, "cancelled");
  const live = given(schedule, { type: "publisher_arrived", at: at(5) });
  assert.throws(
    () => live.when({ type: "cancel", at: at(6) }),
    (e) => e instanceof StreamRuleError && e.kind === "conflict",
  );
});

Deno.test("the creator stops a live or reconnecting stream at once, and only those", () => {
  const live = given(schedule, { type: "publisher_arrived", at: at(5) });
  const events = live.when({ type: "stop", at: at(9) });
  assert.deepEqual(events, [{ type: "stream.ended", at: at(9), reason: "stopped" }]);
  const ended = evolveAll(live.state, events);
  assert.equal(ended?.status, "ended");
  assert.deepEqual(ended?.endedAt, at(9));
  const dropped = given(schedule, { type: "publisher_arrived", at: at(5) }, {
    type: "publisher_left",
    at: at(6),
    graceMs: GRACE_MS,
  });
  assert.equal(
    evolveAll(dropped.state, dropped.when({ type: "stop", at: at(7) }))?.status,
    "ended",
  );
  const conflict = (e: unknown) => e instanceof StreamRuleError && e.kind === "conflict";
  assert.throws(() => given(schedule).when({ type: "stop", at: at(1) }), conflict);
  const stopped = given(schedule, { type: "publisher_arrived", at: at(5) }, {
    type: "stop",
    at: at(6),
  });
  assert.throws(() => stopped.when({ type: "stop", at: at(7) }), conflict);
});

Deno.test("a live stream may be retitled but not rescheduled", () => {
  const live = given(schedule, { type: "publisher_arrived", at: at(5) });
  assert.deepEqual(live.when({ type: "edit", fields: { title: " New " }, at: at(6) }), [
    { type: "stream.edited", fields: { title: "New" }, at: at(6) },
  ]);
  assert.throws(
    () => live.when({ type: "edit", fields: { scheduledStart: at(7200) }, at: at(6) }),
    (e) => e instanceof StreamRuleError && e.field === "scheduledStart",
  );
});

Deno.test("a repeated arrival hook on a live stream is harmless", () => {
  const live = given(schedule, { type: "publisher_arrived", at: at(5) });
  assert.deepEqual(live.when({ type: "publisher_arrived", at: at(6) }), []);
});

Deno.test("an admin takes down a scheduled, live or reconnecting stream at once", () => {
  const live = given(schedule, { type: "publisher_arrived", at: at(5) });
  const events = live.when({ type: "take_down", at: at(9) });
  assert.deepEqual(events, [{ type: "stream.ended", at: at(9), reason: "taken_down" }]);
  const ended = evolveAll(live.state, events);
  assert.equal(ended?.status, "ended");
  assert.deepEqual(ended?.endedAt, at(9));
  const dropped = given(schedule, { type: "publisher_arrived", at: at(5) }, {
    type: "publisher_left",
    at: at(6),
    graceMs: GRACE_MS,
  });
  const gone = evolveAll(dropped.state, dropped.when({ type: "take_down", at: at(7) }));
  assert.equal(gone?.status, "ended");
  assert.equal(gone?.reconnectDeadline, null);
  assert.deepEqual(given(schedule).when({ type: "take_down", at: at(1) }), [
    { type: "stream.ended", at: at(1), reason: "taken_down" },
  ]);
});

Deno.test("taking down a stream that is over changes nothing", () => {
  const ended = given(schedule, { type: "publisher_arrived", at: at(5) }, {
    type: "take_down",
    at: at(9),
  });
  assert.deepEqual(ended.when({ type: "take_down", at: at(10) }), []);
  assert.deepEqual(ended.when({ type: "publisher_arrived", at: at(11) }), []);
  const cancelled = given(schedule, { type: "cancel", at: at(1) });
  assert.deepEqual(cancelled.when({ type: "take_down", at: at(2) }), []);
});
