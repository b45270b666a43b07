/**
 * The action a pending payment waits for in the buyer's browser.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";

/** Keeps the client secret a pending charge handed back; a retried charge changes nothing. */
export async function saveClientSecret(
  tx: Tx,
  orderId: string,
  clientSecret: string,
  at: Date,
): Promise<void> {
  await tx`insert into payment_actions (order_id, client_secret, created_at)
    values (${orderId}, ${clientSecret}, ${at}) on conflict (order_id) do nothing`;
}

/** The client secret of an order's pending charge, if the provider asked for one. */
export async function findClientSecret(sql: Sql | Tx, orderId: string): Promise<string | null> {
  const [row] = await sql<{ clientSecret: string }[]>`
    select client_secret from payment_actions where order_id = ${orderId}`;
  return row?.clientSecret ?? null;
}
