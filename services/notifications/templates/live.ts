/**
 * Live alerts: "<creator> is live: <title>" when a stream starts, and "starting in 15
 * minutes" before a scheduled one, to followers and ticket holders.
 * @module
 */
import { escapeHtml, formatDate, htmlFrame, type RenderedMessage } from "./_format.ts";

/** What a live alert shows. */
export interface LiveAlertInput {
  name: string;
  creatorName: string;
  title: string;
  /** The stream page. */
  url: string;
}

/** Renders "<creator> is live: <title>". */
export function liveMessage(input: LiveAlertInput): RenderedMessage {
  const subject = `${input.creatorName} is live: ${input.title}`;
  const text = [
    `Hi ${input.name},`,
    "",
    `${input.creatorName} just went live: ${input.title}`,
    "",
    `Watch now: ${input.url}`,
    "",
  ].join("\n");
  const html = htmlFrame(
    subject,
    `<h1>${escapeHtml(input.creatorName)} is live</h1>
<p>Hi ${escapeHtml(input.name)}, <strong>${escapeHtml(input.title)}</strong> has started.</p>
<p><a href="${escapeHtml(input.url)}">Watch now</a></p>`,
  );
  return { subject, text, html, summary: subject };
}

/** What a reminder shows: the live alert's fields and when the stream starts. */
export interface StartingSoonInput extends LiveAlertInput {
  scheduledStart: string;
  /** Whole minutes from the reminder to the start, at least 1. */
  minutes: number;
}

/** Renders "Starting in 15 minutes: <title>". */
export function startingSoonMessage(input: StartingSoonInput): RenderedMessage {
  const when = input.minutes === 1 ? "1 minute" : `${input.minutes} minutes`;
  const subject = `Starting in ${when}: ${input.title}`;
  const at = formatDate(input.scheduledStart);
  const text = [
    `Hi ${input.name},`,
    "",
    `${input.creatorName} goes live in ${when} (${at}): ${input.title}`,
    "",
    `Join here: ${input.url}`,
    "",
  ].join("\n");
  const html = htmlFrame(
    subject,
    `<h1>Starting in ${escapeHtml(when)}</h1>
<p>Hi ${escapeHtml(input.name)}, ${escapeHtml(input.creatorName)} goes live at ${
      escapeHtml(at)
    }: <strong>${escapeHtml(input.title)}</strong>.</p>
<p><a href="${escapeHtml(input.url)}">Join the stream</a></p>`,
  );
  return { subject, text, html, summary: `${input.creatorName} starts in ${when}: ${input.title}` };
}
