/**
 * A list the signed-in user reads page by page (`{items, nextCursor}` answers): the first
 * page once the session is known, the next ones on "Show more".
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { networkProblem, readProblem } from "./problem.ts";
import { authFetch, loadSession, type SessionUser } from "./session.ts";

/** One answer of a cursor-paginated list. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** A paged list: what is loaded so far, the last error, and how to load the next page. */
export interface CursorPages<T> {
  page: CursorPage<T> | null;
  error: string | null;
  busy: boolean;
  load(cursor?: string): Promise<void>;
  /** Shows another error of the page (an action on one of its items failed). */
  setError(message: string | null): void;
}

/**
 * Reads `url(cursor)` with the user's token, appending each next page; the first page is
 * read once the session is known and `wanted(user)` says so.
 */
export function useCursorPages<T>(
  url: (cursor?: string) => string,
  wanted: (user: SessionUser | null) => boolean = (user) => user !== null,
): CursorPages<T> {
  const [page, setPage] = useState<CursorPage<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (cursor?: string) => {
    setBusy(true);
    try {
      const res = await authFetch(url(cursor));
      if (!res.ok) setError((await readProblem(res)).message);
      else {
        const next = await res.json() as CursorPage<T>;
        setPage((prev) =>
          cursor && prev
            ? { items: [...prev.items, ...next.items], nextCursor: next.nextCursor }
            : next
        );
      }
    } catch {
      setError(networkProblem().message);
    }
    setBusy(false);
  };

  useEffect(() => {
    void loadSession().then((user) => {
      if (wanted(user)) void load();
    });
  }, []);

  return { page, error, busy, load, setError };
}
