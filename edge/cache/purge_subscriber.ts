/**
 * Purging on catalog and stream events: every `product.*` event on the products topic drops
 * the cached pages and answers of that product, its creator and the catalog listings; every
 * `stream.*` event (scheduled, started, ended, replay ready...) drops the live listings, the
 * home page and the stream's page and answers, by path. The envelope is read loosely (only
 * the fields used here), so new event types and fields need no change.
 * @module
 */
import { z } from "zod";
// Type-only: the bus (and Kafka with it) is injected, never imported on the Deploy path.
import type { EventBus, Subscription } from "@marquee/events";
import type { Logger } from "@marquee/log";
import { TOPICS } from "@marquee/contracts/topics";
import { pathTag } from "./tag_index.ts";

/**
 * The topics purged on, each set under a consumer group of its own (suffixed), so that one
 * service's topic missing does not hold up the others' purges. Holds, sales and returns on
 * the inventory topic change what is left of a product.
 */
const TOPICS_PURGED: ReadonlyArray<{ suffix: string; topics: string[] }> = [
  { suffix: "", topics: [TOPICS.catalogProducts, TOPICS.catalogInventory] },
  { suffix: ".streams", topics: [TOPICS.streams] },
];

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

const StreamEvent = z.object({
  type: z.string().startsWith("stream."),
  data: z.object({ streamId: z.string().uuid(), creatorId: Id.optional() }),
});

/** The purge tags an event calls for, or none when it is not a product, inventory or stream event. */
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
  // A stream started, ended or has its replay: what lists or shows it changes.
  const stream = StreamEvent.safeParse(json);
  if (stream.success) {
    const { streamId, creatorId } = stream.data.data;
    return [
      ...["/", "/live", `/live/${streamId}`, "/api/streams", `/api/streams/${streamId}`]
        .map(pathTag),
      ...(creatorId ? [`creator:${creatorId}`] : []),
    ];
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

/**
 * Subscribes to product, inventory and stream events and purges their tags; retries until
 * the topics exist.
 */
export function subscribePurges(options: PurgeSubscriberOptions): PurgeSubscriber {
  const subscribers = TOPICS_PURGED.map(({ suffix, topics }) =>
    subscribeTopics(options, topics, suffix)
  );
  return {
    ready: Promise.all(subscribers.map((s) => s.ready)).then(() => {}),
    async close() {
      await Promise.all(subscribers.map((s) => s.close()));
    },
  };
}

function subscribeTopics(
  options: PurgeSubscriberOptions,
  topics: string[],
  suffix: string,
): PurgeSubscriber {
  const { bus, purge, logger, instanceId, retryMs = 5_000 } = options;
  const group = `${instanceId ? `${PURGE_GROUP}.${instanceId}` : PURGE_GROUP}${suffix}`;
  let closed = false;
  let subscription: Subscription | undefined;
  let wake: (() => void) | undefined;
  const ready = (async () => {
    while (!closed) {
      try {
        subscription = await bus.subscribe({
          group,
          topics,
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
          topics,
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
