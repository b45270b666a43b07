/**
 * The events this service consumes: users' display names, kept in the `creators`
 * projection so product pages can name their creator without calling the users service.
 * @module
 */
import { UserRegistered, UserUpdated } from "@marquee/contracts";
import { type ConsumerOptions, on } from "@marquee/events";
import { upsertCreator } from "../db/creators.ts";

/** The consumer group, also the inbox's consumer name. */
export const CREATORS_GROUP = "catalog.creators";

/** The creators projection's consumer: idempotent through the kit's inbox. */
export function creatorsConsumer(): Pick<ConsumerOptions, "group" | "handlers"> {
  return {
    group: CREATORS_GROUP,
    handlers: [
      on(UserRegistered, async (data, { tx }) => {
        await upsertCreator(tx, {
          id: data.userId,
          displayName: data.displayName,
          updatedAt: new Date(data.registeredAt),
        });
      }),
      on(UserUpdated, async (data, { tx }) => {
        await upsertCreator(tx, {
          id: data.userId,
          displayName: data.displayName,
          updatedAt: new Date(data.updatedAt),
        });
      }),
    ],
  };
}
