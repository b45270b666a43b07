import { useEffect, useState } from "preact/hooks";
import { fieldAria } from "./Field.tsx";
import {
  batches,
  formatOfFile,
  type KeyList,
  keysLabel,
  keyStock,
  parseKeyList,
} from "./licence_key_list.ts";
import { networkProblem, readProblem } from "./problem.ts";
import { authFetch } from "./session.ts";

/** The pool's counts as `GET /api/products/{id}/licence-keys` answers them. */
interface KeyCounts {
  total: number;
  unassigned: number;
  available: number | null;
}

interface AddResult extends KeyCounts {
  added: number;
  duplicates: number;
}

const ID = "licence-keys";

/** A server error on `body.keys.3` as "Key 4: …"; others as they come. */
function keyProblems(errors: { field?: string; message?: string }[] | undefined): string[] {
  return (errors ?? []).map((e) => {
    const index = /^body\.keys\.(\d+)$/.exec(e.field ?? "")?.[1];
    return index === undefined ? e.message ?? "" : `Key ${Number(index) + 1}: ${e.message}`;
  }).filter(Boolean);
}

function StockLine({ counts }: { counts: KeyCounts }) {
  const left = counts.available ?? counts.unassigned;
  const state = keyStock(counts.total, counts.available);
  const summary = `${keysLabel(left)} left for sale, ${counts.total} added in all`;
  switch (state) {
    case "none":
      return <p class="notice">No keys yet. Each buyer gets one key; add one per copy you sell.</p>;
    case "out":
      return (
        <p class="notice notice-error" data-stock="out">
          No keys left: buyers cannot buy this product until you add more. ({summary})
        </p>
      );
    case "low":
      return (
        <p class="notice notice-warning" data-stock="low">
          {`Running low: only ${summary}. Add more before they run out.`}
        </p>
      );
    case "ok":
      return <p class="key-count" data-stock="ok">{summary}</p>;
    default: {
      const never: never = state;
      throw new Error(`Unknown stock "${never}"`);
    }
  }
}

/**
 * The licence-key pool of a software product: how many keys are left, a warning when they
 * run low, and a list to paste or upload (.txt one a line, .csv first column).
 */
export function LicenceKeys({ path, disabled, error, onChange }: {
  /** The product's API path. */
  path: string;
  disabled: boolean;
  /** What the last publish or save refusal said about the keys. */
  error?: string;
  /** Called after keys were added, so the product can be reloaded. */
  onChange: () => void;
}) {
  const [counts, setCounts] = useState<KeyCounts | null>(null);
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const url = `${path}/licence-keys`;

  useEffect(() => {
    void authFetch(url).then(async (res) => {
      if (res.ok) setCounts(await res.json() as KeyCounts);
      else setProblems([(await readProblem(res)).message]);
    }).catch(() => setProblems([networkProblem().message]));
  }, [url]);

  const send = async (list: KeyList) => {
    let added = 0;
    let duplicates = list.repeated;
    for (const keys of batches(list.keys)) {
      const res = await authFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ keys }),
      });
      if (!res.ok) {
        const body = await res.clone().json().catch(() => ({}));
        const named = keyProblems(body.errors);
        setProblems(named.length ? named : [(await readProblem(res)).message]);
        break;
      }
      const result = await res.json() as AddResult;
      added += result.added;
      duplicates += result.duplicates;
      setCounts(result);
    }
    const skipped = duplicates === 0
      ? ""
      : ` ${duplicates} ${duplicates === 1 ? "duplicate" : "duplicates"} skipped.`;
    if (added > 0 || duplicates > 0) setMessage(`Added ${keysLabel(added)}.${skipped}`);
    if (added > 0) {
      setText("");
      onChange();
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setMessage(null);
    const list = parseKeyList(text);
    if (list.problems.length > 0) return setProblems(list.problems);
    if (list.keys.length === 0) return setProblems(["Paste at least one key, one per line"]);
    setProblems([]);
    setBusy(true);
    await send(list).catch(() => setProblems([networkProblem().message]));
    setBusy(false);
  };

  const upload = async (e: { currentTarget: HTMLInputElement }) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = "";
    if (!file) return;
    const list = parseKeyList(await file.text(), formatOfFile(file.name));
    setProblems(list.problems);
    setText(list.keys.join("\n"));
    setMessage(
      `Read ${keysLabel(list.keys.length)} from “${file.name}”. Press “Add keys” to add them.`,
    );
  };

  const shown = [...(error ? [error] : []), ...problems];
  return (
    <section class="licence-pool" aria-labelledby={`${ID}-title`}>
      <h3 id={`${ID}-title`}>Licence keys</h3>
      {counts ? <StockLine counts={counts} /> : <p class="loading">Counting keys…</p>}
      <form class="form" onSubmit={submit} noValidate>
        <div class="field">
          <label for={ID}>Paste keys, one per line</label>
          <textarea
            id={ID}
            rows={5}
            value={text}
            spellcheck={false}
            onInput={(e) => setText(e.currentTarget.value)}
            {...fieldAria(ID, {
              hint: "Each buyer gets one key.",
              error: shown.length ? shown.join(" ") : undefined,
            })}
          />
          <p class="field-hint" id={`${ID}-hint`}>Each buyer gets one key.</p>
          {shown.length
            ? (
              <ul class="field-error" id={`${ID}-error`}>
                {shown.map((p) => <li key={p}>{p}</li>)}
              </ul>
            )
            : null}
        </div>
        <div class="field">
          <label for={`${ID}-file`}>Or upload a list (.txt, .csv)</label>
          <input
            id={`${ID}-file`}
            type="file"
            accept=".txt,.csv,text/plain,text/csv"
            disabled={disabled || busy}
            onChange={upload}
          />
        </div>
        <div role="status" class={message ? "notice notice-success" : "visually-hidden"}>
          {message ?? ""}
        </div>
        <button class="button" type="submit" disabled={disabled || busy}>Add keys</button>
      </form>
    </section>
  );
}
