/**
 * Which cached URLs carry which purge tags, and when each tag was last purged.
 *
 * The index lives in this process's memory. On Deno Deploy every isolate (and region) keeps
 * its own index, and a purge reaches only the isolate that receives it; entries stored by
 * other isolates expire on their own. That is acceptable because pages and API answers are
 * cached with a short `s-maxage` (seconds to a minute): the purge makes the common case
 * instant and the TTL bounds the rest. The purge time per tag also covers entries this
 * isolate does not know about but reads from a shared cache, and a refetch that started
 * before a purge and finished after it.
 * @module
 */

/** Options of {@linkcode createTagIndex}. */
export interface TagIndexOptions {
  /** URLs tracked at most; past it the oldest are evicted through `onEvict`. 50000 by default. */
  maxUrls?: number;
  /** How long purge times are remembered, in milliseconds; a day by default. */
  purgeMemoryMs?: number;
  onEvict?: (url: string) => void;
  now?: () => number;
}

/** The tag index. */
export interface TagIndex {
  /** Records that `url` (stored now) carries `tags`, replacing what it carried before. */
  add(url: string, tags: readonly string[]): void;
  /** Forgets `url`. */
  remove(url: string): void;
  /** Marks `tags` purged now and returns the URLs that carried any of them (now forgotten). */
  purge(tags: readonly string[]): string[];
  /** Whether any of `tags` was purged after `storedAt` (epoch milliseconds). */
  purgedSince(tags: readonly string[], storedAt: number): boolean;
  /** URLs tracked. */
  size(): number;
}

/** Creates an empty tag index. */
export function createTagIndex(options: TagIndexOptions = {}): TagIndex {
  const { maxUrls = 50_000, purgeMemoryMs = 86_400_000, onEvict, now = Date.now } = options;
  const tagsByUrl = new Map<string, readonly string[]>();
  const urlsByTag = new Map<string, Set<string>>();
  const purgedAt = new Map<string, number>();

  const remove = (url: string) => {
    for (const tag of tagsByUrl.get(url) ?? []) {
      const urls = urlsByTag.get(tag);
      urls?.delete(url);
      if (urls?.size === 0) urlsByTag.delete(tag);
    }
    tagsByUrl.delete(url);
  };

  return {
    add(url, tags) {
      remove(url);
      if (tags.length === 0) return;
      tagsByUrl.set(url, tags);
      for (const tag of tags) {
        let urls = urlsByTag.get(tag);
        if (!urls) urlsByTag.set(tag, urls = new Set());
        urls.add(url);
      }
      for (const oldest of tagsByUrl.keys()) {
        if (tagsByUrl.size <= maxUrls) break;
        remove(oldest);
        onEvict?.(oldest);
      }
    },
    remove,
    purge(tags) {
      const at = now();
      for (const [tag, time] of purgedAt) if (at - time > purgeMemoryMs) purgedAt.delete(tag);
      const urls = new Set<string>();
      for (const tag of tags) {
        purgedAt.set(tag, at);
        for (const url of urlsByTag.get(tag) ?? []) urls.add(url);
      }
      for (const url of urls) remove(url);
      return [...urls];
    },
    purgedSince(tags, storedAt) {
      return tags.some((tag) => (purgedAt.get(tag) ?? -Infinity) >= storedAt);
    },
    size: () => tagsByUrl.size,
  };
}

/**
 * The tag every stored answer carries for its URL's path (query aside), so that events can
 * purge pages by path without the pages naming tags of their own.
 */
export const pathTag = (path: string) => `path:${path}`;

/** Reads an `x-cache-tags` header: a comma list, trimmed, deduplicated, bounded in size. */
export function parseTags(header: string | null): string[] {
  if (!header) return [];
  const tags = header.split(",").map((t) => t.trim()).filter((t) => /^[\w:.\-/@]{1,200}$/.test(t));
  return [...new Set(tags)].slice(0, 64);
}
