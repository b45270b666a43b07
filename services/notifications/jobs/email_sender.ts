/**
 * The sender loop: delivers queued emails with retries and backoff. A row is claimed for
 * one attempt by moving its `next_attempt_at` past a lease, sent outside any transaction,
 * then marked sent, queued again with backoff, or failed after the last attempt. Delivery
 * is at least once: a crash after the mail server accepted a message but before the row
 * was marked sent leaves the row queued, and it is sent again once the lease runs out.
 * The stable Message-ID lets a receiver spot such a repeat.
 * @module
 */
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import {
  type AddressedEmail,
  claimDue,
  type EmailRow,
  markFailed,
  markSent,
} from "../db/emails.ts";
import { afterFailure, type RetryPolicy } from "../domain/backoff.ts";
import type { Mailer } from "../mail/mailer.ts";

/** Options of {@linkcode startEmailSender}. */
export interface EmailSenderOptions {
  sql: Sql;
  mailer: Mailer;
  /** The From header of every email. */
  from: string;
  logger: Logger;
  registry: Registry;
  clock: () => Date;
  policy: RetryPolicy;
  pollMs: number;
  leaseMs: number;
  batchSize?: number;
}

/** A running sender. */
export interface EmailSender {
  /** Sends one batch of due emails now; how many were attempted. */
  runOnce(): Promise<number>;
  /** Asks for a run soon, e.g. after an email was queued. */
  wake(): void;
  /** Stops the loop and waits for a batch in progress. */
  stop(): Promise<void>;
}

/** The Message-ID of an email row: stable, so a repeated delivery carries the same one. */
export function messageIdOf(email: Pick<EmailRow, "id">): string {
  return `<${email.id}@marquee.local>`;
}

/** Starts the loop: a batch every `pollMs`, or sooner when woken. */
export function startEmailSender(options: EmailSenderOptions): EmailSender {
  const { sql, mailer, from, clock, policy, pollMs, leaseMs, batchSize = 20 } = options;
  const log = options.logger.child({ component: "email_sender" });
  const sent = options.registry.counter("emails_sent_total", "Emails the mail server accepted");
  const failed = options.registry.counter("emails_failed_attempts_total", "Failed send attempts");
  const abandoned = options.registry.counter("emails_abandoned_total", "Emails given up on");
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let again = false;
  let stopped = false;

  async function attempt(email: AddressedEmail): Promise<void> {
    try {
      await mailer.send({
        messageId: messageIdOf(email),
        from,
        to: email.toAddress,
        subject: email.subject,
        text: email.textBody,
        html: email.htmlBody,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const next = afterFailure(email.attempts, clock(), policy);
      await markFailed(sql, email.id, message, next.kind === "retry" ? next.at : undefined);
      failed.inc({ kind: email.kind });
      if (next.kind === "give_up") abandoned.inc({ kind: email.kind });
      log.warn("Email not sent", {
        emailId: email.id,
        attempts: email.attempts,
        willRetry: next.kind === "retry",
        error: message,
      });
      return;
    }
    await markSent(sql, email.id, clock());
    sent.inc({ kind: email.kind });
  }

  async function runOnce(): Promise<number> {
    const now = clock();
    const due = await claimDue(sql, now, new Date(now.getTime() + leaseMs), batchSize);
    for (const email of due) await attempt(email);
    return due.length;
  }

  function tick() {
    clearTimeout(timer);
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    running = runOnce()
      .then((n) => {
        // A full batch means more may be due: go on at once.
        again ||= n >= batchSize;
      })
      .catch((error) => log.error("Send batch failed", { error: error as Error }))
      .finally(() => {
        busy = false;
        if (again && !stopped) {
          again = false;
          queueMicrotask(tick);
        } else if (!stopped) timer = setTimeout(tick, pollMs);
      });
  }
  timer = setTimeout(tick, pollMs);

  return {
    runOnce,
    wake: tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
