/**
 * A live stream's life: a creator schedules it, the media server's publisher makes it live,
 * a publisher that drops gets a grace period ("reconnecting") before the stream ends, and a
 * scheduled stream may be cancelled, and an admin may take any stream down. Pure:
 * `decide(command, state)` returns events, `evolve(state, event)` applies one; time comes in
 * on the commands.
 * @module
 */
import type { StreamAccess, StreamStatus } from "@marquee/contracts";

/** A stream as the service keeps it. */
export interface Stream {
  id: string;
  creatorId: string;
  title: string;
  description: string;
  scheduledStart: Date;
  access: StreamAccess;
  status: StreamStatus;
  startedAt: Date | null;
  endedAt: Date | null;
  /** While reconnecting: when the stream ends unless the publisher comes back. */
  reconnectDeadline: Date | null;
}

/** What a creator may set on a stream. */
export interface StreamFields {
  title: string;
  description: string;
  scheduledStart: Date;
  access: StreamAccess;
}

/** Commands on a stream. */
export type StreamCommand =
  | { type: "schedule"; id: string; creatorId: string; fields: StreamFields; at: Date }
  | { type: "edit"; fields: Partial<StreamFields>; at: Date }
  | { type: "cancel"; at: Date }
  | { type: "stop"; at: Date }
  | { type: "publisher_arrived"; at: Date }
  | { type: "publisher_left"; at: Date; graceMs: number }
  | { type: "grace_check"; at: Date }
  | { type: "take_down"; at: Date };

/** What happened to a stream. */
export type StreamEvent =
  | { type: "stream.scheduled"; stream: Stream }
  | { type: "stream.edited"; fields: Partial<StreamFields>; at: Date }
  | { type: "stream.started"; at: Date }
  | { type: "stream.reconnecting"; at: Date; deadline: Date }
  | { type: "stream.resumed"; at: Date }
  | {
    type: "stream.ended";
    at: Date;
    reason: "publisher_gone" | "cancelled" | "stopped" | "taken_down";
  };

/** A command the stream's state refuses; `field` names the input at fault, if one is. */
export class StreamRuleError extends Error {
  override name = "StreamRuleError";
  constructor(message: string, readonly kind: "invalid" | "conflict", readonly field?: string) {
    super(message);
  }
}

/** How far in the past a start may be scheduled (a form filled in slowly). */
const PAST_START_SLACK_MS = 5 * 60_000;

function checkFields(fields: Partial<StreamFields>, at: Date): void {
  if (fields.title !== undefined && fields.title.trim() === "") {
    throw new StreamRuleError("Title must not be blank", "invalid", "title");
  }
  if (
    fields.scheduledStart !== undefined &&
    fields.scheduledStart.getTime() < at.getTime() - PAST_START_SLACK_MS
  ) {
    throw new StreamRuleError(
      "Scheduled start must not be in the past",
      "invalid",
      "scheduledStart",
    );
  }
}

const finished = (s: Stream) => s.status === "ended" || s.status === "cancelled";

/** The events a command yields on a stream (`undefined` before it is scheduled). */
export function decide(command: StreamCommand, state: Stream | undefined): StreamEvent[] {
  if (command.type === "schedule") {
    if (state) throw new StreamRuleError(`Stream "${state.id}" exists`, "conflict");
    checkFields(command.fields, command.at);
    return [{
      type: "stream.scheduled",
      stream: {
        id: command.id,
        creatorId: command.creatorId,
        ...command.fields,
        title: command.fields.title.trim(),
        status: "scheduled",
        startedAt: null,
        endedAt: null,
        reconnectDeadline: null,
      },
    }];
  }
  if (!state) throw new StreamRuleError("The stream does not exist", "conflict");
  switch (command.type) {
    case "edit": {
      if (finished(state)) {
        throw new StreamRuleError(`A stream that is ${state.status} cannot be edited`, "conflict");
      }
      if (command.fields.scheduledStart !== undefined && state.status !== "scheduled") {
        throw new StreamRuleError(
          "A stream that has started cannot be rescheduled",
          "conflict",
          "scheduledStart",
        );
      }
      checkFields(command.fields, command.at);
      const fields = command.fields.title === undefined
        ? command.fields
        : { ...command.fields, title: command.fields.title.trim() };
      return [{ type: "stream.edited", fields, at: command.at }];
    }
    case "cancel":
      if (state.status !== "scheduled") {
        throw new StreamRuleError(
          `A stream that is ${state.status} cannot be cancelled`,
          "conflict",
        );
      }
      return [{ type: "stream.ended", at: command.at, reason: "cancelled" }];
    case "stop":
      // The creator ends the stream from the studio, without waiting out the grace period.
      if (state.status !== "live" && state.status !== "reconnecting") {
        throw new StreamRuleError(`A stream that is ${state.status} cannot be stopped`, "conflict");
      }
      return [{ type: "stream.ended", at: command.at, reason: "stopped" }];
    case "publisher_arrived":
      if (state.status === "scheduled") return [{ type: "stream.started", at: command.at }];
      if (state.status === "reconnecting") return [{ type: "stream.resumed", at: command.at }];
      // Live already (a repeated hook) or over: nothing changes.
      return [];
    case "publisher_left":
      if (state.status !== "live") return [];
      return [{
        type: "stream.reconnecting",
        at: command.at,
        deadline: new Date(command.at.getTime() + command.graceMs),
      }];
    case "grace_check":
      if (state.status !== "reconnecting" || !state.reconnectDeadline) return [];
      if (command.at.getTime() < state.reconnectDeadline.getTime()) return [];
      return [{ type: "stream.ended", at: command.at, reason: "publisher_gone" }];
    case "take_down":
      // An admin ends any stream that is not over yet, at once, without a grace period.
      if (finished(state)) return [];
      return [{ type: "stream.ended", at: command.at, reason: "taken_down" }];
    default: {
      const never: never = command;
      throw new Error(`Unknown command ${JSON.stringify(never)}`);
    }
  }
}

/** The stream after an event. */
export function evolve(state: Stream | undefined, event: StreamEvent): Stream {
  if (event.type === "stream.scheduled") return event.stream;
  if (!state) throw new Error(`"${event.type}" before "stream.scheduled"`);
  switch (event.type) {
    case "stream.edited":
      return { ...state, ...event.fields };
    case "stream.started":
      return { ...state, status: "live", startedAt: event.at, reconnectDeadline: null };
    case "stream.reconnecting":
      return { ...state, status: "reconnecting", reconnectDeadline: event.deadline };
    case "stream.resumed":
      return { ...state, status: "live", reconnectDeadline: null };
    case "stream.ended":
      return {
        ...state,
        status: event.reason === "cancelled" ? "cancelled" : "ended",
        endedAt: event.at,
        reconnectDeadline: null,
      };
    default: {
      const never: never = event;
      throw new Error(`Unknown event ${JSON.stringify(never)}`);
    }
  }
}

/** Applies `events` in order. */
export function evolveAll(state: Stream | undefined, events: StreamEvent[]): Stream | undefined {
  return events.reduce<Stream | undefined>((s, e) => evolve(s, e), state);
}
