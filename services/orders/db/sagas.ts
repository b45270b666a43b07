/**
 * Queries on `sagas` and `saga_timers`: the write side of orders.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import type { SagaState, TimerKind, TimerSpec } from "../domain/saga.ts";

/** Inserts a new saga. */
export async function insertSaga(tx: Tx, state: SagaState): Promise<void> {
  await tx`insert into sagas (order_id, buyer_id, status, state, version, created_at, updated_at)
    values (${state.orderId}, ${state.buyerId}, ${state.status}, ${tx.json(state as never)},
      ${state.version}, ${state.placedAt}, ${state.updatedAt})`;
}

/** The saga of an order, locked for the rest of the transaction when asked. */
export async function findSaga(
  tx: Tx,
  orderId: string,
  options: { lock?: boolean } = {},
): Promise<SagaState | undefined> {
  const rows = options.lock
    ? await tx<{ state: SagaState }[]>`select state from sagas where order_id = ${orderId}
      for update`
    : await tx<{ state: SagaState }[]>`select state from sagas where order_id = ${orderId}`;
  return rows[0]?.state;
}

/** Writes the saga's next state. */
export async function saveSaga(tx: Tx, state: SagaState): Promise<void> {
  await tx`update sagas set status = ${state.status}, state = ${tx.json(state as never)},
    version = ${state.version}, updated_at = ${state.updatedAt}
    where order_id = ${state.orderId}`;
}

/** Sets and clears an order's timers. */
export async function writeTimers(
  tx: Tx,
  orderId: string,
  changes: { set: TimerSpec[]; clear: TimerKind[] },
): Promise<void> {
  for (const kind of changes.clear) {
    await tx`delete from saga_timers where order_id = ${orderId} and kind = ${kind}`;
  }
  for (const t of changes.set) {
    await tx`insert into saga_timers (order_id, kind, due_at) values (${orderId}, ${t.kind}, ${t.dueAt})
      on conflict (order_id, kind) do update set due_at = excluded.due_at`;
  }
}

/** Removes every timer of an order (it ended). */
export async function clearTimers(tx: Tx, orderId: string): Promise<void> {
  await tx`delete from saga_timers where order_id = ${orderId}`;
}

/** Timers due at `now`, oldest first. */
export async function dueTimers(
  sql: Sql,
  now: Date,
  limit: number,
): Promise<Array<{ orderId: string; kind: TimerKind }>> {
  return await sql<{ orderId: string; kind: TimerKind }[]>`select order_id, kind from saga_timers
    where due_at <= ${now} order by due_at limit ${limit}`;
}

/**
 * Open sagas not changed since `before`: their pending steps may need a retry (a refund
 * only once it is giving seats back; before that it waits for messages and its timer).
 */
export async function staleSagas(sql: Sql, before: Date, limit: number): Promise<string[]> {
  const rows = await sql<{ orderId: string }[]>`select order_id from sagas
    where (status in ('PENDING', 'RESERVING', 'GRANTING', 'CANCELLING')
      or (status = 'REFUNDING' and jsonb_array_length(state -> 'undo') > 0))
      and updated_at <= ${before}
    order by updated_at limit ${limit}`;
  return rows.map((r) => r.orderId);
}
