/**
 * Who gets a live alert and whether it is still worth sending. Pure: the follower and
 * holder lists and the clock come in as arguments.
 * @module
 */

/** The two live alerts. */
export type LiveAlertKind = "live" | "starting_soon";

/** How long after a stream started "is live" still helps; older events are dropped. */
export const LIVE_ALERT_MAX_AGE_MS = 30 * 60_000;

/** Followers and holders, each once, without the creator. */
export function audienceOf(
  creatorId: string,
  followers: Iterable<string>,
  holders: Iterable<string>,
): string[] {
  const users = new Set<string>();
  for (const list of [followers, holders]) {
    for (const id of list) users.add(id.toLowerCase());
  }
  users.delete(creatorId.toLowerCase());
  return [...users];
}

/**
 * Whether an alert came too late to send: "is live" more than 30 minutes after the start,
 * or a reminder once the scheduled start has passed (a consumer that was down catches up).
 */
export function isStale(
  kind: LiveAlertKind,
  stream: { startedAt: string | null; scheduledStart: string },
  now: Date,
): boolean {
  switch (kind) {
    case "live": {
      const started = Date.parse(stream.startedAt ?? stream.scheduledStart);
      return now.getTime() - started > LIVE_ALERT_MAX_AGE_MS;
    }
    case "starting_soon":
      return now.getTime() >= Date.parse(stream.scheduledStart);
    default: {
      const never: never = kind;
      throw new Error(`Unknown kind "${never}"`);
    }
  }
}

/** Whole minutes until the scheduled start, at least 1 (a reminder says "in N minutes"). */
export function minutesUntil(scheduledStart: string, now: Date): number {
  return Math.max(1, Math.round((Date.parse(scheduledStart) - now.getTime()) / 60_000));
}
