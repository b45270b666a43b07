/**
 * Queries on `recipients`, the projection of users' email addresses and names.
 * @module
 */
import type { Tx } from "@marquee/db";

/** Who to write to. */
export interface RecipientRow {
  userId: string;
  email: string | null;
  displayName: string;
  updatedAt: Date;
}

/** Records a registration; an older event never overwrites a newer name. */
export async function upsertRegistered(
  tx: Tx,
  r: { userId: string; email: string; displayName: string; updatedAt: Date },
): Promise<void> {
  await tx`insert into recipients (user_id, email, display_name, updated_at)
    values (${r.userId}, ${r.email}, ${r.displayName}, ${r.updatedAt})
    on conflict (user_id) do update set email = excluded.email,
      display_name = case when recipients.updated_at <= excluded.updated_at
        then excluded.display_name else recipients.display_name end,
      updated_at = greatest(recipients.updated_at, excluded.updated_at)`;
}

/** Records a new display name unless a newer one is already stored. */
export async function upsertDisplayName(
  tx: Tx,
  r: { userId: string; displayName: string; updatedAt: Date },
): Promise<void> {
  await tx`insert into recipients (user_id, email, display_name, updated_at)
    values (${r.userId}, null, ${r.displayName}, ${r.updatedAt})
    on conflict (user_id) do update set display_name = excluded.display_name,
      updated_at = excluded.updated_at
    where recipients.updated_at <= excluded.updated_at`;
}

/** The recipient with this user id. */
export async function findRecipient(tx: Tx, userId: string): Promise<RecipientRow | undefined> {
  const [row] = await tx<RecipientRow[]>`select * from recipients where user_id = ${userId}`;
  return row;
}

/** Records a changed address; the recipient exists, as the change came after registering. */
export async function updateRecipientEmail(
  tx: Tx,
  r: { userId: string; email: string },
): Promise<void> {
  await tx`update recipients set email = ${r.email} where user_id = ${r.userId}`;
}
