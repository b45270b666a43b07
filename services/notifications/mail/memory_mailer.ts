/**
 * The embedded stand-in for a mail server: an in-memory outbox folder that keeps the most
 * recent messages, for development (`GET /api/notifications/dev/mail`) and tests.
 * @module
 */
import type { Mailer, MailMessage } from "./mailer.ts";

/** A delivered message and when it arrived. */
export interface StoredMail extends MailMessage {
  deliveredAt: string;
}

/** A mailer whose delivered messages can be read back. */
export interface MemoryMailer extends Mailer {
  readonly kind: "memory";
  /** Delivered messages, newest first. */
  messages(): StoredMail[];
}

/** Creates an in-memory mailer keeping at most `capacity` messages (200 by default). */
export function createMemoryMailer(
  options: { capacity?: number; clock?: () => Date } = {},
): MemoryMailer {
  const { capacity = 200, clock = () => new Date() } = options;
  const folder: StoredMail[] = [];
  return {
    kind: "memory",
    send(message) {
      folder.unshift({ ...message, deliveredAt: clock().toISOString() });
      folder.length = Math.min(folder.length, capacity);
      return Promise.resolve();
    },
    messages: () => folder.map((m) => ({ ...m })),
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
