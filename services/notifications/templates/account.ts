/**
 * Account emails: the links to confirm an address and to reset a password, and the
 * notices that the password or the address changed. Every one says what to do if the
 * reader did not ask for it.
 * @module
 */
import { escapeHtml, formatDate, htmlFrame, type RenderedMessage } from "./_format.ts";

const FOOTER = "Marquee. This email is about your account's security, so it is always sent.";

function button(url: string, label: string): string {
  return `<p><a href="${escapeHtml(url)}" style="display:inline-block;background:#1a1a1a;` +
    `color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${
      escapeHtml(label)
    }</a></p>
<p style="color:#666;font-size:13px">Or open this address: ${escapeHtml(url)}</p>`;
}

function message(
  subject: string,
  summary: string,
  paragraphs: { text: string; html?: string }[],
  name: string,
): RenderedMessage {
  const text = [`Hi ${name},`, "", ...paragraphs.flatMap((p) => [p.text, ""])].join("\n");
  const html = htmlFrame(
    subject,
    [
      `<h1>Hi ${escapeHtml(name)}</h1>`,
      ...paragraphs.map((p) => p.html ?? `<p>${escapeHtml(p.text)}</p>`),
    ]
      .join("\n"),
    FOOTER,
  );
  return { subject, text, html, summary };
}

/** What a confirmation link email shows. */
export interface VerifyEmailInput {
  name: string;
  /** `verify`: after signing up; `change`: to the new address of a change. */
  purpose: "verify" | "change";
  email: string;
  url: string;
  expiresAt: string;
}

/** Renders the email with the link that confirms an address. */
export function verifyEmailMessage(input: VerifyEmailInput): RenderedMessage {
  const change = input.purpose === "change";
  const subject = change
    ? "Confirm your new Marquee email"
    : "Welcome to Marquee: confirm your email";
  const intro = change
    ? `You asked to change your Marquee email to ${input.email}. It changes once you confirm it.`
    : `Thanks for joining Marquee. Confirm that ${input.email} is your email so we can reach you about your orders and your account.`;
  return message(subject, subject, [
    { text: intro },
    {
      text: `Confirm your email: ${input.url}`,
      html: button(input.url, "Confirm your email"),
    },
    { text: `The link works until ${formatDate(input.expiresAt)}.` },
    {
      text: change
        ? "If you did not ask for this, ignore this email: nothing changes."
        : "If you did not create an account, ignore this email.",
    },
  ], input.name);
}

/** What a reset link email shows. */
export interface PasswordResetInput {
  name: string;
  url: string;
  expiresAt: string;
}

/** Renders the email with the link that sets a new password. */
export function passwordResetMessage(input: PasswordResetInput): RenderedMessage {
  const subject = "Reset your Marquee password";
  return message(subject, subject, [
    { text: "Someone asked to reset the password of your Marquee account." },
    {
      text: `Choose a new password: ${input.url}`,
      html: button(input.url, "Choose a new password"),
    },
    { text: `The link works once, until ${formatDate(input.expiresAt)}.` },
    { text: "If you did not ask for this, ignore this email: your password stays as it is." },
  ], input.name);
}

/** What a password-changed notice shows. */
export interface PasswordChangedInput {
  name: string;
  via: "changed" | "reset";
  changedAt: string;
  /** Where to ask for a reset link if it was not the reader. */
  forgotUrl: string;
}

/** Renders the notice that the password changed. */
export function passwordChangedMessage(input: PasswordChangedInput): RenderedMessage {
  const subject = "Your password was changed";
  const how = input.via === "reset" ? "with a reset link" : "from your account page";
  return message(subject, subject, [
    {
      text: `The password of your Marquee account was changed ${how} on ${
        formatDate(input.changedAt)
      }. Every other device was signed out.`,
    },
    {
      text: `If this was not you, reset your password now: ${input.forgotUrl}`,
      html: `<p>If this was not you, <a href="${
        escapeHtml(input.forgotUrl)
      }">reset your password now</a>.</p>`,
    },
  ], input.name);
}

/** What the notice to the old address shows. */
export interface EmailChangedInput {
  name: string;
  email: string;
  previousEmail: string;
  changedAt: string;
  /** Where to get help if it was not the reader: the account no longer uses this address. */
  helpUrl: string;
}

/** Renders the notice, sent to the previous address, that the email changed. */
export function emailChangedMessage(input: EmailChangedInput): RenderedMessage {
  const subject = "Your Marquee email was changed";
  return message(subject, subject, [
    {
      text:
        `The email of your Marquee account changed from ${input.previousEmail} to ${input.email} on ${
          formatDate(input.changedAt)
        }. Emails now go to the new address.`,
    },
    {
      text: `If this was not you, contact Marquee support at once: ${input.helpUrl}`,
      html: `<p>If this was not you, <a href="${
        escapeHtml(input.helpUrl)
      }">contact Marquee support</a> at once.</p>`,
    },
  ], input.name);
}
