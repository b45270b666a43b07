import { BILLING_PERIODS, CAPACITY_TYPES, type ProductType } from "./catalog_types.ts";
import { timeZones } from "./event_time.ts";
import { Field, fieldAria } from "./Field.tsx";
import { MAX_PERK_LENGTH, MAX_PERKS, type TypeDraft } from "./type_draft.ts";

/** Props of {@linkcode TypeFields}. */
export interface TypeFieldsProps {
  type: ProductType;
  draft: TypeDraft & { capacity: string };
  errors: Record<string, string>;
  onChange(patch: Partial<TypeDraft & { capacity: string }>): void;
}

const CAPACITY_HINTS: Partial<Record<ProductType, string>> = {
  live_ticket: "How many seats you sell. A ticket needs one to go on sale.",
  course: "Seats in a cohort; leave empty for unlimited.",
};

const PERKS_HINT = `One perk a line, up to ${MAX_PERKS}, each up to ${MAX_PERK_LENGTH} characters.`;

const START_HINT = "Date and time where the event is held, in its time zone.";

const PERIOD_LABELS: Record<TypeDraft["period"], string> = {
  month: "Monthly",
  year: "Yearly",
};

/**
 * The editor's fields that belong to one product type: a live ticket's seats and event (date
 * and time in the event's zone, the zone, the length); a course's seats; a membership's
 * billing period and perks.
 */
export function TypeFields({ type, draft, errors, onChange }: TypeFieldsProps) {
  const text = (key: keyof TypeFieldsProps["draft"]) => ({
    value: draft[key],
    onInput: (e: { currentTarget: { value: string } }) =>
      onChange({ [key]: e.currentTarget.value }),
  });
  const capacityHint = CAPACITY_HINTS[type];
  return (
    <>
      {CAPACITY_TYPES.includes(type)
        ? (
          <Field id="product-capacity" label="Capacity" hint={capacityHint} error={errors.capacity}>
            <input
              type="number"
              id="product-capacity"
              name="capacity"
              min={1}
              step={1}
              required={type === "live_ticket"}
              {...text("capacity")}
              {...fieldAria("product-capacity", { hint: capacityHint, error: errors.capacity })}
            />
          </Field>
        )
        : null}
      {type === "live_ticket"
        ? (
          <fieldset class="field-group">
            <legend>Event</legend>
            <div class="field-row">
              <Field
                id="product-event-start"
                label="Starts"
                hint={START_HINT}
                error={errors.event}
              >
                <input
                  type="datetime-local"
                  id="product-event-start"
                  name="eventStart"
                  {...text("eventStart")}
                  {...fieldAria("product-event-start", { hint: START_HINT, error: errors.event })}
                />
              </Field>
              <Field id="product-event-zone" label="Time zone" error={errors.eventZone}>
                <select
                  id="product-event-zone"
                  name="eventZone"
                  {...text("eventZone")}
                  {...fieldAria("product-event-zone", { error: errors.eventZone })}
                >
                  {draft.eventZone === "" ? <option value="">Choose a time zone</option> : null}
                  {timeZones().map((zone) => <option key={zone} value={zone}>{zone}</option>)}
                </select>
              </Field>
            </div>
            <Field
              id="product-event-duration"
              label="Length in minutes (optional)"
              error={errors.eventDuration}
            >
              <input
                type="number"
                id="product-event-duration"
                name="eventDuration"
                min={1}
                step={1}
                inputMode="numeric"
                {...text("eventDuration")}
                {...fieldAria("product-event-duration", { error: errors.eventDuration })}
              />
            </Field>
          </fieldset>
        )
        : null}
      {type === "membership"
        ? (
          <fieldset class="field-group">
            <legend>Membership</legend>
            <Field id="product-period" label="Billing period">
              <select id="product-period" name="period" {...text("period")}>
                {BILLING_PERIODS.map((p) => <option key={p} value={p}>{PERIOD_LABELS[p]}</option>)}
              </select>
            </Field>
            <Field
              id="product-perks"
              label="What members get"
              hint={PERKS_HINT}
              error={errors.membership}
            >
              <textarea
                id="product-perks"
                name="perks"
                rows={4}
                {...text("perks")}
                {...fieldAria("product-perks", { hint: PERKS_HINT, error: errors.membership })}
              />
            </Field>
          </fieldset>
        )
        : null}
    </>
  );
}
