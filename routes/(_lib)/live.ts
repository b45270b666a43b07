/**
 * Streams as the storefront's pages read them from the streaming service: live now,
 * upcoming, one stream, each with its creator's name (from the catalog), and the product a
 * ticketed stream sells.
 * @module
 */
import type { StorefrontApi, UpstreamClient } from "@marquee/fresh";
import type { ListedStream, StreamProduct, StreamView } from "../../islands/_lib/live_stream.ts";
import { findCreator, findProduct } from "./catalog.ts";

/** Why a live page cannot show streams, in one sentence; null when it can. */
export const STREAMING_MISSING = "Live streams are not available on this server right now.";

/** Streams live now (`live`) or soonest first (`upcoming`); empty when the service is absent. */
export async function listStreams(
  api: StorefrontApi,
  status: "live" | "upcoming",
  limit = 24,
): Promise<ListedStream[]> {
  if (!api.streaming) return [];
  try {
    const list = await api.streaming.json<{ items: StreamView[] }>(
      `/api/streams?status=${status}&limit=${limit}`,
    );
    return await withCreatorNames(api.catalog, list.items ?? []);
  } catch {
    // The lists are optional parts of a page: a page without them beats no page.
    return [];
  }
}

/** Streams on air for the home page's row. */
export const liveStreams = (api: StorefrontApi, limit = 6): Promise<ListedStream[]> =>
  listStreams(api, "live", limit);

/** One stream with its creator's name, or null when there is none (or no service). */
export async function findStream(api: StorefrontApi, id: string): Promise<ListedStream | null> {
  if (!api.streaming || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const res = await api.streaming.fetch(`/api/streams/${id}`, {
    headers: { accept: "application/json" },
  });
  if (res.status === 404 || res.status === 422) {
    await res.body?.cancel();
    return null;
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`Streaming answered with status ${res.status}`);
  }
  const [stream] = await withCreatorNames(api.catalog, [await res.json() as StreamView]);
  return stream ?? null;
}

/** The product that opens a ticketed or owners-only stream, for its price; null if unknown. */
export async function streamProduct(
  catalog: UpstreamClient,
  stream: StreamView,
): Promise<StreamProduct | null> {
  if (stream.access.kind === "free") return null;
  try {
    const product = await findProduct(catalog, stream.access.productId);
    return product ? { id: product.id, title: product.title, price: product.price } : null;
  } catch {
    return null;
  }
}

/** `streams` with their creators' display names, one catalog read per creator. */
async function withCreatorNames(
  catalog: UpstreamClient,
  streams: StreamView[],
): Promise<ListedStream[]> {
  const ids = [...new Set(streams.map((s) => s.creatorId))];
  const names = new Map(
    await Promise.all(ids.map(async (id) => {
      try {
        return [id, (await findCreator(catalog, id))?.creator.displayName ?? null] as const;
      } catch {
        return [id, null] as const;
      }
    })),
  );
  return streams.map((s) => ({ ...s, creatorName: names.get(s.creatorId) ?? null }));
}
