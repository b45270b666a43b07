import { FormMessage } from "./_lib/Field.tsx";
import { formatDate, formatSize } from "./_lib/format.ts";
import { formatEventTime, readerTimeZone, zoneOffset } from "./_lib/event_time.ts";
import { SessionGate } from "./_lib/Gate.tsx";
import { networkProblem, readProblem } from "./_lib/problem.ts";
import { authFetch, currentUser } from "./_lib/session.ts";
import { useCursorPages } from "./_lib/cursor_pages.ts";
import { ShowMore } from "./_lib/ShowMore.tsx";

interface LibraryFile {
  id: string;
  name: string;
  size: number;
  contentType: string;
  downloadUrl: string;
}

interface LibraryItem {
  productId: string;
  title: string;
  type: string;
  grantedAt: string;
  licenceKeys: string[];
  files: LibraryFile[] | null;
  event?: { startsAt: string; timeZone: string; durationMinutes: number | null } | null;
  membership?: { period: string; perks: string[] } | null;
}

/** A ticket's event in the buyer's zone, and where it will be watched. */
function EventEntry({ productId, startsAt }: { productId: string; startsAt: string }) {
  const zone = readerTimeZone();
  const note = `watch-note-${productId}`;
  return (
    <div class="library-event">
      <p>
        {"Starts "}
        <time datetime={startsAt}>
          {`${formatEventTime(startsAt, zone)} (your time, ${zoneOffset(startsAt, zone)})`}
        </time>
      </p>
      <p class="watch">
        <button type="button" class="button" disabled aria-describedby={note}>Watch</button>
        <span class="field-hint" id={note}>Watch opens here when the stream starts.</span>
      </p>
    </div>
  );
}

/** What a membership unlocks. */
function Perks({ perks }: { perks: string[] }) {
  return (
    <div class="library-perks">
      <h3>Your membership includes</h3>
      <ul>
        {perks.map((perk) => <li key={perk}>{perk}</li>)}
      </ul>
    </div>
  );
}

/**
 * Starts a download: the library answers with a redirect to a short-lived storage URL,
 * which is then opened (the storage sends it as an attachment, so the page stays).
 */
async function download(file: LibraryFile): Promise<string | null> {
  const res = await authFetch(file.downloadUrl);
  if (!res.ok) return (await readProblem(res)).message;
  // Only the final address is needed: the browser downloads the file from it.
  await res.body?.cancel();
  const link = document.createElement("a");
  link.href = res.url;
  link.download = file.name;
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
  return null;
}

/** What the signed-in user owns (`GET /api/library`): files to download and licence keys. */
export default function Library() {
  const { page, error, busy, load, setError } = useCursorPages<LibraryItem>(
    (cursor) => `/api/library${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
  );

  const user = currentUser.value;
  if (!user) return <SessionGate user={user} next="/library" purpose="see your library" />;
  if (!page) {
    return error
      ? <FormMessage error={error} />
      : <p class="loading" role="status">Loading your library…</p>;
  }
  if (page.items.length === 0) {
    return (
      <div class="notice empty-state">
        <p>
          Your library is empty. What you buy appears here, ready to download, with any licence
          keys.
        </p>
        <p>
          <a class="button" href="/products">Browse the store</a>
        </p>
      </div>
    );
  }
  return (
    <>
      <FormMessage error={error} />
      <ul class="library" role="list">
        {page.items.map((item) => (
          <li key={item.productId} class="library-item">
            <h2>
              <a href={`/products/${item.productId}`}>{item.title}</a>
            </h2>
            <p class="order-meta">{`Yours since ${formatDate(item.grantedAt)}`}</p>
            {item.event
              ? <EventEntry productId={item.productId} startsAt={item.event.startsAt} />
              : null}
            {item.membership && item.membership.perks.length > 0
              ? <Perks perks={item.membership.perks} />
              : null}
            {item.licenceKeys.length > 0
              ? (
                <div class="licence-keys">
                  <h3>{item.licenceKeys.length === 1 ? "Licence key" : "Licence keys"}</h3>
                  <ul role="list">
                    {item.licenceKeys.map((key) => (
                      <li key={key}>
                        <code>{key}</code>
                      </li>
                    ))}
                  </ul>
                </div>
              )
              : null}
            {item.files === null
              ? <p class="field-hint">The files cannot be listed right now. Try again shortly.</p>
              : item.files.length === 0
              ? null
              : (
                <ul class="library-files" role="list">
                  {item.files.map((file) => (
                    <li key={file.id}>
                      <span>{`${file.name} (${formatSize(file.size)})`}</span>
                      <button
                        type="button"
                        class="button"
                        aria-label={`Download ${file.name}`}
                        onClick={async () =>
                          setError(await download(file).catch(() => networkProblem().message))}
                      >
                        Download
                      </button>
                    </li>
                  ))}
                </ul>
              )}
          </li>
        ))}
      </ul>
      <ShowMore cursor={page.nextCursor} busy={busy} load={load} />
    </>
  );
}
