import { FormMessage } from "./_lib/Field.tsx";
import { formatDate, formatSize } from "./_lib/format.ts";
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
      <div class="notice">
        <p>
          Nothing here yet. What you buy appears here. <a href="/products">Browse products</a>
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
