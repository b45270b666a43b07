/**
 * Consumers with an inbox: each event takes effect once, even when the bus delivers
 * it again, because the inbox row and the handler's writes commit together.
 * @module
 */
import type { z } from "zod";
import type { Sql, Tx } from "@marquee/db";
import { type Logger, withLogContext } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import type { Delivered, EventBus, Subscription } from "./bus.ts";
import { decodeData, type Envelope, type EventDef, parseEnvelope } from "./envelope.ts";

/** What a handler gets besides the event's data. */
export interface HandlerContext {
  tx: Tx;
  envelope: Envelope;
  message: Delivered;
}

/** A typed handler for one event definition. */
export interface EventHandler {
  def: EventDef;
  run: (data: unknown, ctx: HandlerContext) => Promise<void>;
}

/** Pairs an event definition with the function that applies it. */
export function on<S extends z.ZodType>(
  def: EventDef<string, S>,
  run: (data: z.infer<S>, ctx: HandlerContext) => Promise<void>,
): EventHandler {
  return { def, run: run as EventHandler["run"] };
}

export interface ConsumerOptions {
  /** The consumer group and the inbox's consumer name. */
  group: string;
  sql: Sql;
  bus: EventBus;
  logger: Logger;
  handlers: EventHandler[];
  registry?: Registry;
  maxAttempts?: number;
  retryDelayMs?: number;
  fromBeginning?: boolean;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** Subscribes to the topics of `handlers` and applies each event exactly once. */
export function startConsumer(options: ConsumerOptions): Promise<Subscription> {
  const { group, sql, bus, handlers } = options;
  const registry = options.registry ?? new Registry();
  const handled = registry.counter("events_handled_total", "Events applied by consumers");
  const duplicates = registry.counter("events_duplicate_total", "Redeliveries skipped by inbox");
  const byType = new Map(handlers.map((h) => [`${h.def.type}@${h.def.version}`, h]));
  const topics = [...new Set(handlers.map((h) => h.def.topic))];
  const log = options.logger.child({ component: "consumer", group });

  return bus.subscribe({
    group,
    topics,
    maxAttempts: options.maxAttempts,
    retryDelayMs: options.retryDelayMs,
    fromBeginning: options.fromBeginning ?? true,
    handle: async (message) => {
      const envelope = parseEnvelope(message.value);
      const handler = byType.get(`${envelope.type}@${envelope.dataversion}`);
      if (!handler) return; // another consumer's event on a shared topic
      const data = decodeData(handler.def, envelope);
      const trace = TRACEPARENT.exec(envelope.traceparent ?? message.headers.traceparent ?? "");
      await withLogContext({ traceId: trace?.[1], eventId: envelope.id }, async () => {
        const applied = await sql.begin(async (tx) => {
          const fresh = await tx`
            insert into inbox (consumer, event_id, type) values (${group}, ${envelope.id}, ${envelope.type})
            on conflict do nothing returning 1`;
          if (fresh.length === 0) return false;
          await handler.run(data, { tx, envelope, message });
          return true;
        });
        if (applied) handled.inc({ group, type: envelope.type });
        else {
          duplicates.inc({ group, type: envelope.type });
          log.debug("Duplicate skipped", { eventId: envelope.id });
        }
      });
    },
  });
}
