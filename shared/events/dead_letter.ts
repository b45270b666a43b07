/**
 * Dead-letter naming.
 * @module
 */

/** The dead-letter topic for messages of `topic` that keep failing. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
