/**
 * The full list of topics to create.
 * @module
 */
import { deadLetterTopic } from "@marquee/events";
import { TOPICS } from "./topics.ts";

/** Every topic the platform uses, with its dead-letter companion. */
export function allTopics(): string[] {
  return Object.values(TOPICS).flatMap((t) => [t, deadLetterTopic(t)]);
}
