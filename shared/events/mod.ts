/**
 * Events: CloudEvents envelopes, the outbox and its relay, consumers with an inbox,
 * and the two bus adapters (Kafka and in-process).
 * @module
 */
export * from "./envelope.ts";
export * from "./outbox.ts";
export * from "./bus.ts";
export * from "./delivery.ts";
export * from "./dead_letter.ts";
export * from "./memory_bus.ts";
export * from "./kafka_bus.ts";
export * from "./relay.ts";
export * from "./consumer.ts";

/** The kit's own tables (outbox, inbox), migrated before each service's own. */
export const KIT_MIGRATIONS = {
  name: "kit",
  dir: new URL("./migrations/", import.meta.url),
};
