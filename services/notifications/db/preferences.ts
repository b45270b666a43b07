/**
 * Queries on `preferences`; a user without a row has the defaults.
 * @module
 */
import type { Tx } from "@marquee/db";
import { type Preferences, withDefaults } from "../domain/preferences.ts";

/** A user's preferences, defaults filled in. */
export async function findPreferences(tx: Tx, userId: string): Promise<Preferences> {
  const [row] = await tx<Preferences[]>`
    select email, in_app from preferences where user_id = ${userId}`;
  return withDefaults(row);
}

/** Stores a user's preferences whole. */
export async function savePreferences(
  tx: Tx,
  userId: string,
  prefs: Preferences,
  now: Date,
): Promise<void> {
  const email = tx.json({ ...prefs.email });
  const inApp = tx.json({ ...prefs.inApp });
  await tx`insert into preferences (user_id, email, in_app, updated_at)
    values (${userId}, ${email}, ${inApp}, ${now})
    on conflict (user_id) do update set email = excluded.email, in_app = excluded.in_app,
      updated_at = excluded.updated_at`;
}
