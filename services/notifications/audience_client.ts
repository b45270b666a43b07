/**
 * Who hears of a stream: a creator's followers, asked of the streaming service
 * (`GET /internal/creators/{id}/followers`), and the holders of a product, asked of the
 * subscriptions service (`GET /internal/products/{id}/holders`), both page by page with the
 * internal token. Neither list is copied here: each service keeps what it owns.
 * @module
 */
import type { Registry } from "@marquee/metrics";
import { createUpstream, type Upstream } from "@marquee/resilience";
import { z } from "zod";

const Page = z.object({ items: z.array(z.string()), next: z.string().nullable() });

/** A creator's followers and a product's holders. */
export interface AudienceClient {
  /** Ids of the users following the creator. */
  followers(creatorId: string): Promise<string[]>;
  /** Ids of the users holding the product. */
  holders(productId: string): Promise<string[]>;
  close(): void;
}

/** Options of {@linkcode createAudienceClient}. */
export interface AudienceClientOptions {
  streamingUrl: string;
  subscriptionsUrl: string;
  internalToken: string;
  registry: Registry;
  /** Ids asked for per request; 500 by default. */
  pageSize?: number;
  timeoutMs?: number;
}

/** Creates the audience client. */
export function createAudienceClient(options: AudienceClientOptions): AudienceClient {
  const { registry, pageSize = 500, timeoutMs = 5000 } = options;
  const streaming = createUpstream({
    name: "streaming",
    baseUrl: options.streamingUrl,
    registry,
    timeoutMs,
  });
  const subscriptions = createUpstream({
    name: "subscriptions",
    baseUrl: options.subscriptionsUrl,
    registry,
    timeoutMs,
  });
  const headers = { "x-internal-token": options.internalToken };

  async function all(upstream: Upstream, path: string): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (after !== null) query.set("after", after);
      const page = Page.parse(await upstream.json(`${path}?${query}`, { headers }));
      ids.push(...page.items);
      after = page.next;
    } while (after !== null);
    return ids;
  }

  return {
    followers: (creatorId) =>
      all(streaming, `/internal/creators/${encodeURIComponent(creatorId)}/followers`),
    holders: (productId) =>
      all(subscriptions, `/internal/products/${encodeURIComponent(productId)}/holders`),
    close() {
      streaming.close();
      subscriptions.close();
    },
  };
}
