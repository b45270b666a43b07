/**
 * Keeps a postgres.js pool out of saturation: at most `max` queries, transactions and
 * reserved connections in flight at once, the rest waiting in line here.
 *
 * postgres.js 3.4.9 sends a query that finds every connection busy down the connection busy
 * the longest, and the queue of busy connections then keeps one empty slot per such query
 * for as long as the process runs, each `remove` walking them all: CPU per query grows
 * without bound under steady load (docs/postgres-queue-defect.md). With no more work in
 * flight than connections, a query always finds one free.
 * @module
 */
import type postgres from "postgres";
import pLimit from "p-limit";

/** What the cap reaches of a postgres.js query object; only these three fields. */
interface QueryInternals {
  /** The pool's entry point, called once when the query is first awaited or executed. */
  handler: ((query: QueryInternals) => void) & { debug?: unknown };
  /** Set by `cancel()` on a query not sent yet; sending it then would strand a connection. */
  cancelled: unknown;
  /** Set for cursors; the iterator form never settles the query itself, so none are held. */
  cursorFn?: unknown;
}

// deno-lint-ignore no-explicit-any
type AnyFn = (...args: any[]) => any;

const ignore = () => {};
/** Resolves when `query` settles, without awaiting it (which would send it). */
const settled = (query: QueryInternals) =>
  Promise.prototype.then.call(query, ignore, ignore) as Promise<void>;

/** Wraps `sql` so that at most `max` queries, transactions and reservations run at once. */
export function capInFlight(sql: postgres.Sql, max: number): postgres.Sql {
  const limit = pLimit(max);

  const gate = <Q>(pending: Q): Q => {
    const query = pending as QueryInternals;
    const send = query.handler;
    query.handler = Object.assign((q: QueryInternals) => {
      if (q.cursorFn) return send(q);
      limit(() => {
        if (!q.cancelled) send(q);
        return settled(q);
      });
    }, { debug: send.debug });
    return pending;
  };

  const begin: AnyFn = (...args) => limit(() => sql.begin(...(args as [AnyFn])));

  const reserve = () =>
    new Promise<postgres.ReservedSql>((resolve, reject) => {
      // The slot is held from the reservation until `release()`.
      limit(async () => {
        const reserved = await sql.reserve().catch((error) => (reject(error), undefined));
        if (!reserved) return;
        const { promise: released, resolve: done } = Promise.withResolvers<void>();
        const release = reserved.release;
        reserved.release = () => (release(), done());
        resolve(reserved);
        await released;
      });
    });

  const wrapped: Record<PropertyKey, unknown> = {
    begin,
    reserve,
    notify: (channel: string, payload: string) => limit(() => sql.notify(channel, payload)),
    unsafe: (...args: Parameters<AnyFn>) => gate((sql.unsafe as AnyFn)(...args)),
    file: (...args: Parameters<AnyFn>) => gate((sql.file as AnyFn)(...args)),
  };

  return new Proxy(sql, {
    apply: (target, self, args) => {
      const made = Reflect.apply(target, self, args);
      // Tagged templates make queries; `sql(value)` makes helpers and identifiers.
      return made instanceof Promise ? gate(made) : made;
    },
    get: (target, key, receiver) =>
      Object.hasOwn(wrapped, key) ? wrapped[key] : Reflect.get(target, key, receiver),
  });
}
