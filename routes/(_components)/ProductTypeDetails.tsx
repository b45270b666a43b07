import type { Product } from "../../islands/_lib/catalog_types.ts";
import { formatDuration, formatEventTime, zoneOffset } from "../../islands/_lib/event_time.ts";
import LocalTime from "../../islands/LocalTime.tsx";

/**
 * What a product's type gives, on its page: a live ticket's start in the buyer's own zone
 * (and in the event's), and its length; a membership's perks.
 */
export function ProductTypeDetails({ product }: { product: Product }) {
  const { event, membership } = product;
  if (event) {
    return (
      <dl class="event-details">
        <dt>Starts</dt>
        <dd>
          <LocalTime iso={event.startsAt} timeZone={event.timeZone} />
        </dd>
        <dt>Event time</dt>
        <dd>
          {`${formatEventTime(event.startsAt, event.timeZone)} in ${event.timeZone} (${
            zoneOffset(event.startsAt, event.timeZone)
          })`}
        </dd>
        {event.durationMinutes
          ? (
            <>
              <dt>Length</dt>
              <dd>{formatDuration(event.durationMinutes)}</dd>
            </>
          )
          : null}
      </dl>
    );
  }
  if (membership && membership.perks.length > 0) {
    return (
      <section class="perks" aria-labelledby="perks-title">
        <h2 id="perks-title">What members get</h2>
        <ul>
          {membership.perks.map((perk) => <li key={perk}>{perk}</li>)}
        </ul>
      </section>
    );
  }
  return null;
}
