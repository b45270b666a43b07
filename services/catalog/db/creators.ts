/**
 * Queries on `creators`, the projection of users' display names.
 * @module
 */
import type { Tx } from "@marquee/db";

/** A creator as the catalog knows them. */
export interface CreatorRow {
  id: string;
  displayName: string;
  updatedAt: Date;
}

/** Records a display name unless a newer one is already stored. */
export async function upsertCreator(tx: Tx, creator: CreatorRow): Promise<void> {
  await tx`insert into creators (id, display_name, updated_at)
    values (${creator.id}, ${creator.displayName}, ${creator.updatedAt})
    on conflict (id) do update set display_name = excluded.display_name,
      updated_at = excluded.updated_at
    where creators.updated_at <= excluded.updated_at`;
}

/** The creator with this id. */
export async function findCreator(tx: Tx, id: string): Promise<CreatorRow | undefined> {
  const [row] = await tx<CreatorRow[]>`select * from creators where id = ${id}`;
  return row;
}
