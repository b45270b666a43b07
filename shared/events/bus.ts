/**
 * The event bus port. Kafka in production, an in-process log in embedded mode; both
 * give at-least-once delivery, per-key order, consumer groups, and dead-lettering.
 * @module
 */

/** One message on a topic. */
export interface BusMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A delivered message with where it came from. */
export interface Delivered extends BusMessage {
  partition: number;
  offset: string;
}

export interface SubscribeOptions {
  /** Consumer group: each group sees every message once (at least once). */
  group: string;
  topics: string[];
  handle: (message: Delivered) => Promise<void>;
  /** Attempts before the message goes to the dead-letter topic. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt. */
  retryDelayMs?: number;
  fromBeginning?: boolean;
}

/** A running subscription. */
export interface Subscription {
  close(): Promise<void>;
}

/** The bus both adapters implement. */
export interface EventBus {
  readonly kind: "kafka" | "memory";
  /** Publishes in order; resolves once the broker has every message (acks=all). */
  publish(messages: BusMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Creates missing topics (never done implicitly on publish). */
  ensureTopics(topics: string[]): Promise<void>;
  /** Resolves when the broker answers; used by readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
