/**
 * Putting streams right after lost hooks. The media server calls back when a path becomes
 * available or unavailable; a call lost (the service restarting, a network blip) would leave
 * a stream live with no publisher, or scheduled while it is on the air. Comparing the
 * streams on the air with the paths the media server has ready says what each needs. Pure.
 * @module
 */
import type { StreamStatus } from "@marquee/contracts";

/** What a stream needs to match the media server. */
export type Correction =
  /** Its publisher is gone: the grace machinery takes over. */
  | { streamId: string; action: "publisher_left" }
  /** Its publisher is on the air: live (or back from reconnecting). */
  | { streamId: string; action: "publisher_arrived" }
  /** A stream that is over still has a publisher (a takedown's kick that failed): kick it. */
  | { streamId: string; action: "kick" };

/** The corrections for `streams` (as read before the paths were listed) given `ready` paths. */
export function reconcile(
  streams: ReadonlyArray<{ id: string; status: StreamStatus }>,
  ready: ReadonlySet<string>,
): Correction[] {
  const out: Correction[] = [];
  for (const { id, status } of streams) {
    const onAir = ready.has(id);
    switch (status) {
      case "live":
        if (!onAir) out.push({ streamId: id, action: "publisher_left" });
        break;
      case "scheduled":
      case "reconnecting":
        if (onAir) out.push({ streamId: id, action: "publisher_arrived" });
        break;
      case "ended":
      case "cancelled":
        if (onAir) out.push({ streamId: id, action: "kick" });
        break;
      default: {
        const never: never = status;
        throw new Error(`Unknown status ${JSON.stringify(never)}`);
      }
    }
  }
  return out;
}
