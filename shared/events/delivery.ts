/**
 * Retry-then-dead-letter delivery shared by both bus adapters, so their failure
 * behaviour is the same by construction.
 * @module
 */
import { deadLetterTopic } from "./dead_letter.ts";
import type { BusMessage, Delivered } from "./bus.ts";
import { PoisonMessageError } from "./envelope.ts";

export interface DeliveryOptions {
  group: string;
  maxAttempts: number;
  retryDelayMs: number;
  publish: (messages: BusMessage[]) => Promise<void>;
  onDeadLetter?: (message: Delivered, error: Error, attempts: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `handle` until it succeeds, retrying with doubling delays; after the last
 * attempt (or at once for a poison message) publishes it to the dead-letter topic.
 * Throws only when the dead-letter publish itself fails, so the caller redelivers.
 */
export async function deliver(
  message: Delivered,
  handle: (m: Delivered) => Promise<void>,
  options: DeliveryOptions,
): Promise<"handled" | "dead-lettered"> {
  const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  let lastError: Error = new Error("Not attempted");
  let attempt = 0;
  for (attempt = 1; attempt <= options.maxAttempts; attempt++) {
    try {
      await handle(message);
      return "handled";
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
      if (lastError instanceof PoisonMessageError) break;
      if (attempt < options.maxAttempts) await sleep(options.retryDelayMs * 2 ** (attempt - 1));
    }
  }
  const attempts = Math.min(attempt, options.maxAttempts);
  await options.publish([{
    topic: deadLetterTopic(message.topic),
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      "x-dead-letter-error": lastError.message.slice(0, 1000),
      "x-dead-letter-error-name": lastError.name,
      "x-dead-letter-attempts": String(attempts),
      "x-dead-letter-group": options.group,
      "x-original-topic": message.topic,
      "x-original-partition": String(message.partition),
      "x-original-offset": message.offset,
    },
  }]);
  options.onDeadLetter?.(message, lastError, attempts);
  return "dead-lettered";
}
