/**
 * One topic per aggregate family, keyed by aggregate id. Topics are created by the
 * project (`deno task kafka:topics`), never auto-created by the broker.
 * @module
 */
import { deadLetterTopic } from "@marquee/events";

export const TOPICS = {
  users: "marquee.users",
  catalogProducts: "marquee.catalog.products",
  catalogInventory: "marquee.catalog.inventory",
} as const;

/** Every topic the platform uses, with its dead-letter companion. */
export function allTopics(): string[] {
  return Object.values(TOPICS).flatMap((t) => [t, deadLetterTopic(t)]);
}
