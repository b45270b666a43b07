/**
 * The Redis adapter (node-redis): one connection opened on first use, commands bounded by
 * a timeout so a lost server fails calls instead of hanging them, and `incr` with a TTL
 * done in one Lua script so the expiry is set only by the call that creates the key.
 * @module
 */
import { createClient } from "redis";
import type { Logger } from "@marquee/log";
import type { Cache, IncrOptions, SetOptions } from "./cache.ts";
import { assertIncrement, assertTtl } from "./_validate.ts";

/** Options for {@linkcode createRedisCache}. */
export interface RedisCacheOptions {
  /** `redis://[user:password@]host:port[/db]`. */
  url: string;
  /** Prepended to every key, e.g. `carts:`. */
  prefix?: string;
  /** Connection problems are logged here (the client retries them by itself). */
  logger?: Logger;
  /** Bound on each command, including time spent waiting for a connection. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
}

// KEYS[1] key; ARGV[1] increment; ARGV[2] ttl in ms or "0" for none.
const INCR_WITH_TTL = `
local created = redis.call('EXISTS', KEYS[1]) == 0
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if created and ARGV[2] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value`;

/** Creates the Redis cache; the connection opens lazily on first use. */
export function createRedisCache(options: RedisCacheOptions): Cache {
  const { url, prefix = "", logger, commandTimeoutMs = 5_000, connectTimeoutMs = 3_000 } = options;
  const log = logger?.child({ component: "redis" });
  const client = createClient({
    url,
    socket: { connectTimeout: connectTimeoutMs },
    commandOptions: { timeout: commandTimeoutMs },
  });
  // Without a listener node-redis rethrows connection errors as uncaught exceptions.
  client.on(
    "error",
    (error: Error) => log?.warn("Redis connection error", { error: error.message }),
  );
  let connecting: Promise<unknown> | undefined;
  let closed = false;

  const open = () => {
    if (closed) throw new Error("Cache is closed");
    // Commands sent while connecting wait in the client's queue, bounded by the timeout.
    connecting ??= client.connect().catch((error: Error) => {
      connecting = undefined;
      log?.warn("Redis connect failed", { error: error.message });
    });
    return client;
  };
  const k = (key: string) => prefix + key;
  const run = <T>(fn: (c: typeof client) => Promise<T>): Promise<T> => {
    try {
      return fn(open());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return {
    kind: "redis",
    get: (key) => run((c) => c.get(k(key))),
    set: (key, value, opts: SetOptions = {}) =>
      run(async (c) => {
        if (opts.ttlMs !== undefined) assertTtl(opts.ttlMs);
        const reply = await c.set(k(key), value, {
          ...(opts.ttlMs === undefined ? {} : { expiration: { type: "PX", value: opts.ttlMs } }),
          ...(opts.ifAbsent ? { condition: "NX" } : {}),
        });
        return reply === "OK";
      }),
    del: (...keys) => keys.length === 0 ? Promise.resolve(0) : run((c) => c.del(keys.map(k))),
    incr: (key, opts: IncrOptions = {}) =>
      run(async (c) => {
        const by = opts.by ?? 1;
        assertIncrement(by);
        if (opts.ttlMs === undefined) return await c.incrBy(k(key), by);
        assertTtl(opts.ttlMs);
        const reply = await c.eval(INCR_WITH_TTL, {
          keys: [k(key)],
          arguments: [String(by), String(opts.ttlMs)],
        });
        return Number(reply);
      }),
    expire: (key, ttlMs) =>
      run(async (c) => {
        assertTtl(ttlMs);
        return (await c.pExpire(k(key), ttlMs)) === 1;
      }),
    ttl: (key) =>
      run(async (c) => {
        const ms = await c.pTTL(k(key));
        return ms < 0 ? null : ms; // -2: no key, -1: no expiry
      }),
    hget: (key, field) => run(async (c) => (await c.hGet(k(key), field)) ?? null),
    hset: (key, record) =>
      Object.keys(record).length === 0 ? Promise.resolve(0) : run((c) => c.hSet(k(key), record)),
    hgetall: (key) => run(async (c) => ({ ...(await c.hGetAll(k(key))) })),
    hdel: (key, ...fields) =>
      fields.length === 0 ? Promise.resolve(0) : run((c) => c.hDel(k(key), fields)),
    async ping() {
      await run((c) => c.ping());
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!connecting) return;
      // close() lets sent commands finish; a client still (re)connecting is dropped at once.
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
      await connecting;
    },
  };
}
