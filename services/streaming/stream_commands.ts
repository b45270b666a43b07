/**
 * Applying a command to a stored stream: lock it, decide, evolve, write the new state and
 * the public events in one transaction. Every change to a stream (the creator's, the media
 * server's hooks, the grace sweeper's) goes this one way.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import { announce } from "@marquee/live";
import { requestReplay } from "./db/replays.ts";
import { lockStream, updateStream } from "./db/streams.ts";
import { replayWanted } from "./domain/replay.ts";
import { decide, evolveAll, type Stream, type StreamCommand } from "./domain/stream.ts";
import { publish } from "./events/outgoing.ts";
import { LIVE_CHANNEL } from "./viewers.ts";

/** The stream before and after a command, and whether anything changed. */
export interface Applied {
  before: Stream;
  after: Stream;
  changed: boolean;
}

/** Applies `command` to a locked stream inside `tx`. */
export async function applyLocked(
  tx: Tx,
  before: Stream,
  command: StreamCommand,
): Promise<Applied> {
  const events = decide(command, before);
  if (events.length === 0) return { before, after: before, changed: false };
  const after = evolveAll(before, events)!;
  await updateStream(tx, after, command.at);
  for (const event of events) await publish(tx, event, after, command.at);
  // Asked for in the transaction that ends the stream, so no ended live goes without one.
  if (replayWanted(events, after)) await requestReplay(tx, after.id, command.at);
  // Open event streams of the stream (on any instance) send the new status once this commits.
  if (after.status !== before.status) await announce(tx, LIVE_CHANNEL, after.id);
  return { before, after, changed: true };
}

/**
 * Applies the command `make` builds from the stream; undefined when the stream does not
 * exist or `make` returns undefined (not the caller's to change). Throws what `decide` throws.
 */
export async function applyCommand(
  sql: Sql,
  id: string,
  make: (stream: Stream) => StreamCommand | undefined,
): Promise<Applied | undefined> {
  return await sql.begin(async (tx) => {
    const stream = await lockStream(tx, id);
    const command = stream && make(stream);
    if (!stream || !command) return undefined;
    return await applyLocked(tx, stream, command);
  });
}
