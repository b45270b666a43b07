import { useState } from "preact/hooks";

/**
 * A read-only value with a Copy button, for stream keys and ingest URLs. `secret` values are
 * masked until shown, so a key does not sit on a shared or recorded screen.
 */
export function CopyField(
  { id, label, value, secret = false }: {
    id: string;
    label: string;
    value: string;
    secret?: boolean;
  },
) {
  const [copied, setCopied] = useState(false);
  const [shown, setShown] = useState(!secret);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard refused (permissions): the value stays selectable in the field.
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  };
  const control = {
    value,
    readOnly: true,
    spellcheck: false,
    autocomplete: "off",
    onFocus: (e: FocusEvent) => (e.currentTarget as HTMLInputElement).select(),
  };
  return (
    <div class="field copy-field">
      <label for={id}>{label}</label>
      <div class="copy-row">
        {shown
          ? <input id={id} type="text" {...control} />
          : <input id={id} type="password" {...control} />}
        {secret
          ? (
            <button
              type="button"
              class="button button-quiet button-small"
              aria-pressed={shown}
              onClick={() => setShown(!shown)}
            >
              {shown ? "Hide" : "Show"}
              <span class="visually-hidden">{` ${label}`}</span>
            </button>
          )
          : null}
        <button type="button" class="button button-quiet button-small" onClick={copy}>
          Copy<span class="visually-hidden">{` ${label}`}</span>
        </button>
      </div>
      <p class="field-hint" role="status">{copied ? `${label} copied` : ""}</p>
    </div>
  );
}
