/**
 * Header writes on a finished response. Hono's `c.header()` copies the whole Response on
 * every call once a handler has answered; these write in place when the headers allow it
 * (every Response the edge builds) and copy at most once otherwise (proxied answers).
 * @module
 */
import type { Context } from "hono";

/** A header to set, or with `append` to add beside existing values. */
export type HeaderWrite = [name: string, value: string, mode?: "append"];

/** Applies `writes` to `c.res` with at most one copy of the response. */
export function writeResponseHeaders(c: Context, writes: HeaderWrite[]): void {
  if (writes.length === 0) return;
  try {
    apply(c.res.headers, writes);
  } catch {
    // Immutable headers (a fetch() answer): one copy, then write.
    const copy = new Response(c.res.body, c.res);
    apply(copy.headers, writes);
    c.res = undefined as unknown as Response;
    c.res = copy;
  }
}

function apply(headers: Headers, writes: HeaderWrite[]) {
  for (const [name, value, mode] of writes) {
    if (mode === "append") headers.append(name, value);
    else headers.set(name, value);
  }
}
