/**
 * CloudEvents 1.0 envelopes and typed event definitions. Each event type and version
 * has one zod schema; producers and consumers both validate against it.
 * @module
 */
import { z } from "zod";

/** The CloudEvents 1.0 structured JSON envelope, with the trace-context extension. */
export const Envelope = z.object({
  specversion: z.literal("1.0"),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string().min(1),
  time: z.string().datetime({ offset: true }),
  datacontenttype: z.literal("application/json"),
  dataversion: z.coerce.number().int().positive(),
  traceparent: z.string().optional(),
  data: z.unknown(),
});
export type Envelope<D = unknown> = Omit<z.infer<typeof Envelope>, "data"> & { data: D };

/** One event type at one version: its topic, how it is keyed, and its data schema. */
export interface EventDef<T extends string = string, S extends z.ZodType = z.ZodType> {
  type: T;
  version: number;
  topic: string;
  schema: S;
  /** The aggregate id: the Kafka key and the CloudEvents subject. */
  subject: (data: z.infer<S>) => string;
}

/** Declares an event type. Names are past tense: `user.registered`. */
export function defineEvent<T extends string, S extends z.ZodType>(
  def: EventDef<T, S>,
): EventDef<T, S> {
  return def;
}

export interface CreateOptions {
  source: string;
  id?: string;
  time?: Date;
  traceparent?: string;
}

/** Builds a validated envelope for `data` of event `def`. */
export function createEvent<S extends z.ZodType>(
  def: EventDef<string, S>,
  data: z.input<S>,
  options: CreateOptions,
): Envelope<z.infer<S>> {
  const parsed = def.schema.parse(data);
  return {
    specversion: "1.0",
    id: options.id ?? crypto.randomUUID(),
    source: options.source,
    type: def.type,
    subject: def.subject(parsed),
    time: (options.time ?? new Date()).toISOString(),
    datacontenttype: "application/json",
    dataversion: def.version,
    ...(options.traceparent ? { traceparent: options.traceparent } : {}),
    data: parsed,
  };
}

/** Raised for a message that can never be handled: retrying will not help. */
export class PoisonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PoisonMessageError";
  }
}

/** Parses raw bytes into an envelope, throwing {@linkcode PoisonMessageError} when invalid. */
export function parseEnvelope(raw: string): Envelope {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new PoisonMessageError("Message is not JSON");
  }
  const result = Envelope.safeParse(json);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `"${i.path.join(".")}"`).join(", ");
    throw new PoisonMessageError(`Message is not a CloudEvents envelope: ${fields}`);
  }
  return result.data as Envelope;
}

/** Validates an envelope's data against the matching definition, or throws poison. */
export function decodeData<S extends z.ZodType>(
  def: EventDef<string, S>,
  envelope: Envelope,
): z.infer<S> {
  const result = def.schema.safeParse(envelope.data);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `"data.${i.path.join(".")}"`).join(", ");
    throw new PoisonMessageError(`Invalid "${def.type}" v${def.version} data: ${fields}`);
  }
  return result.data;
}
