/**
 * Applying a command to a stored stream: lock it, decide, evolve, write the new state and
 * the public events in one transaction. Every change to a stream (the creator's, the media
 * server's hooks, the grace sweeper's) goes this one way.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import { lockStream, updateStream } from "./db/streams.ts";
import { decide, evolveAll, type Stream, type StreamCommand } from "./domain/stream.ts";
import { publish } from "./events/outgoing.ts";

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
