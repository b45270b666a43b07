/**
 * The "Live now" row: streams on air, from the streaming service when the storefront has one.
 * @module
 */
import type { StorefrontApi } from "@marquee/fresh";

/** A stream on air, as the streaming service lists it. */
export interface LiveStream {
  id: string;
  title: string;
  creatorId: string;
  creatorName?: string | null;
  viewers?: number;
}

/** Streams on air; empty without a streaming service or when it does not answer. */
export async function liveStreams(api: StorefrontApi, limit = 6): Promise<LiveStream[]> {
  if (!api.streaming) return [];
  try {
    const list = await api.streaming.json<{ items: LiveStream[] }>(
      `/api/streams?status=live&limit=${limit}`,
    );
    return list.items ?? [];
  } catch {
    // The row is optional: a home page without it beats no home page.
    return [];
  }
}
