import { useState } from "preact/hooks";
/** Props of {@linkcode TagInput}. */
export interface TagInputProps {
  /** The text box's id; its label points at it. */
  id: string;
  tags: string[];
  onChange(tags: string[]): void;
  /** At most this many tags. */
  max: number;
  /** At most this many characters a tag. */
  maxLength: number;
  /** Whether the surrounding field shows a hint (`{id}-hint`) and an error (`{id}-error`). */
  hint?: boolean;
  error?: boolean;
  disabled?: boolean;
}

/** Tags typed as text: split on commas, trimmed, lowercase (as the catalog keeps them). */
export function splitTags(text: string): string[] {
  return text.split(",").map((t) => t.trim().toLowerCase()).filter(Boolean);
}

/**
 * Tags as chips: typed in a text box and added with Enter or a comma (or on leaving the box),
 * each removed with its own button. Refusals (too many, too long) are said at once.
 */
export function TagInput(
  { id, tags, onChange, max, maxLength, hint, error, disabled }: TagInputProps,
) {
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [said, setSaid] = useState("");

  /** Adds what is typed; what cannot be added stays in the box with the reason. */
  const add = (typed: string) => {
    const next = [...tags];
    let left = "";
    let why: string | null = null;
    for (const tag of splitTags(typed)) {
      if (next.includes(tag)) continue;
      if (tag.length > maxLength) {
        why = `Shorten “${tag}” to ${maxLength} characters or fewer`;
        left = tag;
      } else if (next.length >= max) {
        why = `Up to ${max} tags: remove one to add “${tag}”`;
        left = tag;
      } else next.push(tag);
    }
    setText(left);
    setProblem(why);
    if (next.length !== tags.length) {
      setSaid(`Added ${next.slice(tags.length).join(", ")}`);
      onChange(next);
    }
  };
  const remove = (tag: string) => {
    onChange(tags.filter((t) => t !== tag));
    setProblem(null);
    setSaid(`Removed ${tag}`);
    document.getElementById(id)?.focus();
  };

  const describedBy = [hint && `${id}-hint`, error && `${id}-error`, problem && `${id}-problem`]
    .filter(Boolean).join(" ");
  return (
    <>
      {tags.length > 0
        ? (
          <ul class="chips" role="list" aria-label="Tags added">
            {tags.map((tag) => (
              <li key={tag} class="chip">
                <span>{tag}</span>
                <button
                  type="button"
                  class="chip-remove"
                  aria-label={`Remove tag ${tag}`}
                  disabled={disabled}
                  onClick={() => remove(tag)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )
        : null}
      <input
        type="text"
        id={id}
        value={text}
        disabled={disabled}
        enterKeyHint="done"
        onInput={(e) => {
          const value = e.currentTarget.value;
          if (value.includes(",")) add(value);
          else setText(value);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            // Enter adds the tag; it never submits the form.
            e.preventDefault();
            add(text);
          } else if (e.key === "Backspace" && text === "" && tags.length > 0) {
            remove(tags[tags.length - 1]!);
          }
        }}
        onBlur={() => text.trim() && add(text)}
        aria-describedby={describedBy || undefined}
        aria-invalid={error || problem ? "true" : undefined}
      />
      {problem ? <p class="field-error" id={`${id}-problem`}>{problem}</p> : null}
      <p class="visually-hidden" role="status">{said}</p>
    </>
  );
}
