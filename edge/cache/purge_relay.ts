/**
 * Purges asked of one isolate, told to its siblings. `POST /_edge/purge` lands on whichever
 * isolate takes the connection, and each isolate keeps its own hot entries: without this, a
 * parallel edge (and every other isolate of a Deno Deploy deployment, where no Kafka brings
 * catalog events) went on serving what an operator had just purged until it expired. The
 * isolates share a BroadcastChannel, which on Deno Deploy spans the application's instances.
 * Catalog events need no relay: each isolate hears them in its own consumer group.
 * @module
 */
import type { Logger } from "@marquee/log";
import type { EdgeCache } from "./edge_cache.ts";

/** Purges here and in every sibling isolate. */
export interface PurgeRelay {
  /** Purges this isolate's entries for `tags` (the count it returns) and tells the siblings. */
  purge(tags: readonly string[]): Promise<number>;
  close(): void;
}

interface Told {
  tags: string[];
}

/** Joins the siblings' channel `channel`. */
export function relayPurges(
  options: { cache: Pick<EdgeCache, "purge">; channel: string; logger: Logger },
): PurgeRelay {
  const { cache, logger } = options;
  const channel = new BroadcastChannel(options.channel);
  channel.onmessage = async (event: MessageEvent<Told>) => {
    const tags = event.data?.tags;
    if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === "string")) return;
    try {
      const purged = await cache.purge(tags);
      logger.info("Cache purged at a sibling's word", { tags, purged });
    } catch (error) {
      logger.error("Purge told by a sibling failed", { tags, error: (error as Error).message });
    }
  };
  return {
    async purge(tags) {
      channel.postMessage({ tags: [...tags] } satisfies Told);
      return await cache.purge(tags);
    },
    close: () => channel.close(),
  };
}
