/**
 * Writes to `user_names`, the projection of people's display names from the users service's
 * events. Read with the sales (buyers) and on receipts (sellers).
 * @module
 */
import type { Tx } from "@marquee/db";

/** A display name as of `updatedAt`. */
export interface UserName {
  userId: string;
  displayName: string;
  updatedAt: Date;
}

/** Records a display name unless a newer one is already stored. */
export async function upsertUserName(tx: Tx, name: UserName): Promise<void> {
  await tx`insert into user_names (user_id, display_name, updated_at)
    values (${name.userId.toLowerCase()}, ${name.displayName}, ${name.updatedAt})
    on conflict (user_id) do update set display_name = excluded.display_name,
      updated_at = excluded.updated_at
    where user_names.updated_at <= excluded.updated_at`;
}
