import type { ComponentChildren, RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";

/** Messages under a form control. */
export interface FieldMessages {
  hint?: string;
  error?: string;
}

/** The ARIA attributes tying a control with `id` to its hint and error. */
export function fieldAria(id: string, { hint, error }: FieldMessages) {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return {
    "aria-describedby": ids || undefined,
    "aria-invalid": error ? "true" as const : undefined,
  };
}

/** A label, the control given as children, and its hint and error beneath. */
export function Field(
  { id, label, hint, error, children }: FieldMessages & {
    id: string;
    label: string;
    children: ComponentChildren;
  },
) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint ? <p class="field-hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

/** A form-wide message: an alert for errors, a polite status for success. */
export function FormMessage(
  { error, success }: { error?: string | null; success?: string | null },
) {
  return (
    <>
      <div role="alert" class={error ? "notice notice-error" : "visually-hidden"}>
        {error ?? ""}
      </div>
      <div role="status" class={success ? "notice notice-success" : "visually-hidden"}>
        {success ?? ""}
      </div>
    </>
  );
}

/**
 * Moves focus to the first control marked invalid (`aria-invalid="true"`) inside the element
 * the returned ref is put on, each time a new set of field errors arrives, so a keyboard or
 * screen-reader user lands on what to fix; the control's error is read through its
 * `aria-describedby`.
 */
export function useFocusFirstError<T extends HTMLElement = HTMLFormElement>(
  errors: Record<string, string> | null | undefined,
): RefObject<T | null> {
  const container = useRef<T>(null);
  useEffect(() => {
    if (!errors || Object.keys(errors).length === 0) return;
    container.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  return container;
}
