/**
 * Purging on catalog events: every `product.*` event on the products topic drops the cached
 * pages and answers of that product, its creator and the catalog listings. The envelope is
 * read loosely (only the fields used here), so new event types and fields need no change.
 * @module
 */
import { z } from "zod";
// Type-only: the bus (and Kafka with it) is injected, never imported on the Deploy path.
import type { EventBus, Subscription } from "@marquee/events";
import type { Logger } from "@marquee/log";
import { TOPICS } from "@marquee/contracts/topics";

// Holds, sales and returns on the inventory topic change what is left of a product.
const TOPICS_PURGED = [TOPICS.catalogProducts, TOPICS.catalogInventory];

/** The consumer group; one per edge instance when several share a broker. */
export const PURGE_GROUP = "edge-cache-purge";

const Id = z.union([z.string().min(1).max(200), z.number()]).transform(String);

const ProductEvent = z.object({
  type: z.string().startsWith("product."),
  data: z.object({
    slug: Id.optional(),
    productId: Id.optional(),
    previousSlug: Id.nullish(),
    creatorId: Id.optional(),
  }),
});

const InventoryEvent = z.object({
  type: z.string().startsWith("inventory."),
  data: z.object({ productId: Id, available: z.number().nullable().optional() }),
});

/** The purge tags an event calls for, or none when it is not a product or inventory event. */
export function tagsForEvent(raw: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return [];
  }
  // Seats or keys changed hands: the product's pages and reads show what is left. Unlimited
  // products (available null) show no count, so their pages stay cached.
  const inventory = InventoryEvent.safeParse(json);
  if (inventory.success) {
    const { productId, available } = inventory.data.data;
    return available === null ? [] : [`product:${productId}`];
  }
  const parsed = ProductEvent.safeParse(json);
  if (!parsed.success) return [];
  const { slug, productId, previousSlug, creatorId } = parsed.data.data;
  return [
    ...(slug ? [`product:${slug}`] : []),
    ...(productId ? [`product:${productId}`] : []),
    ...(previousSlug ? [`product:${previousSlug}`] : []),
    ...(creatorId ? [`creator:${creatorId}`] : []),
    "catalog",
  ];
}

/** Options of {@linkcode subscribePurges}. */
export interface PurgeSubscriberOptions {
  bus: EventBus;
  purge: (tags: string[]) => Promise<number>;
  logger: Logger;
  /** Suffix making the consumer group this instance's own. */
  instanceId?: string;
  /** Delay between attempts while the broker or topic is not there yet; 5000 ms by default. */
  retryMs?: number;
}

/** A purge subscription that keeps trying to start until it is closed. */
export interface PurgeSubscriber {
  /** Resolves once the subscription is running. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Subscribes to product and inventory events and purges their tags; retries until the topics exist. */
export function subscribePurges(options: PurgeSubscriberOptions): PurgeSubscriber {
  const { bus, purge, logger, instanceId, retryMs = 5_000 } = options;
  const group = instanceId ? `${PURGE_GROUP}.${instanceId}` : PURGE_GROUP;
  let closed = false;
  let subscription: Subscription | undefined;
  let wake: (() => void) | undefined;
  const ready = (async () => {
    while (!closed) {
      try {
        subscription = await bus.subscribe({
          group,
          topics: TOPICS_PURGED,
          fromBeginning: false,
          handle: async (message) => {
            const tags = tagsForEvent(message.value);
            if (tags.length === 0) return;
            const purged = await purge(tags);
            logger.debug("Cache purged by event", { tags, purged });
          },
        });
        if (closed) await subscription.close();
        return;
      } catch (error) {
        logger.warn("Cache purge subscription not started; retrying", {
          topics: TOPICS_PURGED,
          error: (error as Error).message,
        });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, retryMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();
  return {
    ready,
    async close() {
      closed = true;
      wake?.();
      await ready;
      await subscription?.close();
    },
  };
}
