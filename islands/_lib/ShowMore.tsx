/** The "Show more" button under a cursor-paged list; nothing once the last page is in. */
export function ShowMore(
  { cursor, busy, load }: {
    cursor: string | null | undefined;
    busy: boolean;
    load: (cursor: string) => Promise<void>;
  },
) {
  if (!cursor) return null;
  return (
    <button
      type="button"
      class="button button-quiet"
      disabled={busy}
      onClick={() => void load(cursor)}
    >
      Show more
    </button>
  );
}
