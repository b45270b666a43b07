/**
 * The transactional outbox: an event is a row written in the same transaction as the
 * business change, so it is published if and only if the change committed.
 * @module
 */
import type { Tx } from "@marquee/db";
import { currentLogContext } from "@marquee/log";
import type { z } from "zod";
import { createEvent, type Envelope, type EventDef } from "./envelope.ts";

/** The Postgres channel the relay listens on. */
export const OUTBOX_CHANNEL = "marquee_outbox";

/** Topic routing an outbox row needs beside the envelope. */
export interface Outgoing {
  topic: string;
  envelope: Envelope;
}

/** Writes events into the outbox inside `tx`; they are published after commit. */
export async function enqueue(tx: Tx, events: Outgoing | Outgoing[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  const ctx = currentLogContext();
  const rows = list.map(({ topic, envelope }) => {
    const traceparent = envelope.traceparent ??
      (ctx?.traceId && ctx.spanId ? `00-${ctx.traceId}-${ctx.spanId}-01` : undefined);
    const env = traceparent ? { ...envelope, traceparent } : envelope;
    return {
      id: env.id,
      topic,
      key: env.subject,
      type: env.type,
      envelope: env,
    };
  });
  for (const r of rows) {
    await tx`insert into outbox (id, topic, key, type, envelope)
      values (${r.id}, ${r.topic}, ${r.key}, ${r.type}, ${tx.json(r.envelope as never)})`;
  }
  await tx`select pg_notify(${OUTBOX_CHANNEL}, '')`;
}

/** Builds an event of `def` from `data` and writes it into the outbox inside `tx`. */
export async function enqueueEvent<S extends z.ZodType>(
  tx: Tx,
  def: EventDef<string, S>,
  data: z.input<S>,
  options: { source: string; time?: Date },
): Promise<void> {
  await enqueue(tx, { topic: def.topic, envelope: createEvent(def, data, options) });
}
