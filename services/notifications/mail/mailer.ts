/**
 * The mailer port: hands one message to a mail system. The sender loop owns retries, so an
 * adapter makes one attempt and throws on failure.
 * @module
 */

/** One email ready to go. */
export interface MailMessage {
  /** Stable per email row, so a receiver can spot a redelivered message. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Something that delivers mail. */
export interface Mailer {
  readonly kind: "smtp" | "memory";
  /** Delivers one message, or throws. */
  send(message: MailMessage): Promise<void>;
  /** Resolves when the mail system answers; used by readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
