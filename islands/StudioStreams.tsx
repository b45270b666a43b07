import { useEffect, useState } from "preact/hooks";
import type { Product } from "./_lib/catalog_types.ts";
import { formatEventTime, zoneOffset } from "./_lib/event_time.ts";
import { fieldAria, FormMessage, useFocusFirstError } from "./_lib/Field.tsx";
import { SessionGate } from "./_lib/Gate.tsx";
import { authFetch, currentUser, isCreator, loadSession } from "./_lib/session.ts";
import {
  type Ingest,
  isOver,
  STATUS_TEXT,
  type StreamAccess,
  studioCall,
  type StudioStream,
} from "./_lib/studio_api.ts";
import { CopyField } from "./_lib/studio_copy.tsx";
import { fromLocalInput, suggestedStart, toLocalInput } from "./_lib/studio_time.ts";

type AccessKind = StreamAccess["kind"];

/** "Free", "Ticket: <title>" or "Owners of <title>". */
function accessText(access: StreamAccess, products: Product[]): string {
  if (access.kind === "free") return "Free";
  const title = products.find((p) => p.id === access.productId)?.title ?? "a product";
  return access.kind === "ticket" ? `Ticket: ${title}` : `Owners of ${title}`;
}

/** A creator's streams, the form to schedule one, and its key shown once after. */
export default function StudioStreams() {
  const [streams, setStreams] = useState<StudioStream[] | null>(null);
  const [products, setProducts] = useState<Product[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<AccessKind>("free");
  const [created, setCreated] = useState<{ stream: StudioStream; ingest: Ingest } | null>(null);
  const [start] = useState(() => toLocalInput(suggestedStart(new Date())));
  const form = useFocusFirstError<HTMLFormElement>(fields);

  const load = async () => {
    const [list, mine] = await Promise.all([
      studioCall<{ items: StudioStream[] }>("/mine?limit=100"),
      authFetch("/api/products?mine=true&limit=50").catch(() => null),
    ]);
    if (!list.ok) return setError(list.problem.message);
    setStreams(list.value.items);
    if (mine?.ok) setProducts((await mine.json() as { items: Product[] }).items);
  };
  useEffect(() => {
    void loadSession().then((user) => isCreator(user) ? load() : undefined);
  }, []);

  const user = currentUser.value;
  if (!user) return <SessionGate user={user} next="/studio" purpose="go live" />;
  if (!isCreator(user)) {
    return <p class="notice">The studio is for creators. Your account buys only.</p>;
  }
  const choices = kind === "ticket" ? products.filter((p) => p.type === "live_ticket") : products;

  const create = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const found: Record<string, string> = {};
    if (!text("title")) found.title = "Enter a title viewers will see";
    const scheduledStart = fromLocalInput(text("scheduledStart"));
    if (!scheduledStart) found.scheduledStart = "Choose the day and time you go live";
    let access: StreamAccess = { kind: "free" };
    if (kind !== "free") {
      const productId = text("productId");
      if (!productId) {
        found.access = kind === "ticket"
          ? "Choose the ticket viewers buy"
          : "Choose the product viewers must own";
      }
      access = { kind, productId };
    }
    setFields(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const made = await studioCall<{ stream: StudioStream; ingest: Ingest }>("", {
      method: "POST",
      body: { title: text("title"), description: text("description"), scheduledStart, access },
    });
    setBusy(false);
    if (!made.ok) {
      setFields(made.problem.fields);
      if (Object.keys(made.problem.fields).length === 0) setError(made.problem.message);
      return;
    }
    setCreated(made.value);
    setStreams([made.value.stream, ...(streams ?? [])]);
    (event.target as HTMLFormElement).reset();
    setKind("free");
  };

  const field = (name: string) => fieldAria(`stream-${name}`, { error: fields[name] });
  return (
    <div class="stack">
      {created
        ? (
          <section class="notice notice-success studio-created" aria-labelledby="created-title">
            <h2 id="created-title" tabIndex={-1} ref={(h) => h?.focus()}>
              {`"${created.stream.title}" is scheduled`}
            </h2>
            <p>
              This is the only time the stream key is shown. Copy it now into your streaming
              software, or go live from the browser in the control room. You can make a new key
              there at any time.
            </p>
            <CopyField
              id="created-key"
              label="Stream key"
              value={created.ingest.rtmp.streamName}
              secret
            />
            <CopyField id="created-rtmp" label="RTMP server" value={created.ingest.rtmp.server} />
            <p>
              <a class="button" href={`/studio/${created.stream.id}`}>Open the control room</a>
            </p>
          </section>
        )
        : null}

      <section aria-labelledby="streams-title">
        <h2 id="streams-title">Your streams</h2>
        {error ? <p class="notice notice-error" role="alert">{error}</p> : null}
        {streams === null && !error ? <p class="loading" role="status">Loading…</p> : null}
        {streams?.length === 0
          ? <p class="empty">No streams yet. Schedule your first one below.</p>
          : null}
        {streams && streams.length > 0
          ? (
            <ul class="studio-streams" role="list">
              {streams.map((s) => (
                <li key={s.id} class="studio-stream">
                  <a href={`/studio/${s.id}`} class="studio-stream-title">{s.title}</a>
                  <span class={`status status-stream-${s.status}`}>{STATUS_TEXT[s.status]}</span>
                  <span>
                    {isOver(s) ? "Was scheduled for " : "Starts "}
                    <time datetime={s.scheduledStart}>
                      {`${formatEventTime(s.scheduledStart)} (${zoneOffset(s.scheduledStart)})`}
                    </time>
                  </span>
                  <span>{accessText(s.access, products)}</span>
                </li>
              ))}
            </ul>
          )
          : null}
      </section>

      <section aria-labelledby="new-stream-title">
        <h2 id="new-stream-title">New stream</h2>
        <form class="form" ref={form} onSubmit={create} noValidate>
          <div class="field">
            <label for="stream-title">Title</label>
            <input id="stream-title" name="title" maxLength={140} required {...field("title")} />
            {fields.title
              ? <p class="field-error" id="stream-title-error">{fields.title}</p>
              : null}
          </div>
          <div class="field">
            <label for="stream-description">Description</label>
            <textarea
              id="stream-description"
              name="description"
              rows={3}
              maxLength={5000}
              {...field("description")}
            />
            {fields.description
              ? <p class="field-error" id="stream-description-error">{fields.description}</p>
              : null}
          </div>
          <div class="field">
            <label for="stream-scheduledStart">Scheduled start (your time)</label>
            <input
              id="stream-scheduledStart"
              name="scheduledStart"
              type="datetime-local"
              value={start}
              required
              {...field("scheduledStart")}
            />
            {fields.scheduledStart
              ? <p class="field-error" id="stream-scheduledStart-error">{fields.scheduledStart}</p>
              : null}
          </div>
          <fieldset class="field-group">
            <legend>Who may watch</legend>
            {([
              ["free", "Anyone, free"],
              ["ticket", "Ticket holders"],
              ["owners", "Owners of a product"],
            ] as const).map(([value, label]) => (
              <div class="field-check" key={value}>
                <input
                  type="radio"
                  id={`access-${value}`}
                  name="accessKind"
                  value={value}
                  checked={kind === value}
                  onChange={() => setKind(value)}
                />
                <label for={`access-${value}`}>{label}</label>
              </div>
            ))}
            {kind !== "free"
              ? (
                <div class="field">
                  <label for="stream-access">
                    {kind === "ticket" ? "Ticket" : "Product"}
                  </label>
                  <select id="stream-access" name="productId" {...field("access")}>
                    <option value="">Choose…</option>
                    {choices.map((p) => <option key={p.id} value={p.id}>{p.title}</option>)}
                  </select>
                  {choices.length === 0
                    ? (
                      <p class="field-hint" id="stream-access-hint">
                        {kind === "ticket"
                          ? "You have no live event tickets yet. "
                          : "You have no products yet. "}
                        <a href="/dashboard/products/new">Make one</a>
                      </p>
                    )
                    : null}
                  {fields.access
                    ? <p class="field-error" id="stream-access-error">{fields.access}</p>
                    : null}
                </div>
              )
              : null}
          </fieldset>
          <FormMessage error={null} />
          <button type="submit" class="button" disabled={busy}>
            {busy ? "Scheduling…" : "Schedule stream"}
          </button>
        </form>
      </section>
    </div>
  );
}
