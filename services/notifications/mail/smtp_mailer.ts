/**
 * The SMTP adapter of the mailer port, through nodemailer, with a pooled connection and
 * timeouts on connecting, greeting and every socket read.
 * @module
 */
// @ts-types="./nodemailer.d.ts"
import nodemailer from "nodemailer";
import type { Mailer, MailMessage } from "./mailer.ts";

/** Options of {@linkcode createSmtpMailer}. */
export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://...`. */
  url: string;
  /** Upper bound on each network step, in milliseconds; 10000 by default. */
  timeoutMs?: number;
}

/** Creates a mailer that sends through an SMTP server. */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const timeout = options.timeoutMs ?? 10_000;
  const url = new URL(options.url);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === "smtps:" ? 465 : 25)),
    secure: url.protocol === "smtps:",
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    pool: true,
    maxConnections: 2,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    kind: "smtp",
    async send(m: MailMessage) {
      await transport.sendMail({
        messageId: m.messageId,
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
      });
    },
    async ping() {
      await transport.verify();
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}
