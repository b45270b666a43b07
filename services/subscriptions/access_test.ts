import assert from "node:assert/strict";
import { type Cache, createMemoryCache } from "@marquee/cache";
import type { Sql } from "@marquee/db";
import { createLogger } from "@marquee/log";
import { accessKey, createAccessChecker } from "./access.ts";

const logger = createLogger({ service: "subscriptions", level: "error", sink: () => {} });
const USER = "00000000-0000-4000-8000-0000000000b1";
const PRODUCT = "00000000-0000-4000-8000-000000000001";

/** A database stand-in answering `entitled`, running `during` while the query is "in flight". */
function fakeSql(entitled: () => boolean, during: () => Promise<void> = async () => {}) {
  let queries = 0;
  const sql = async () => {
    queries++;
    const answer = entitled();
    await during();
    return [{ entitled: answer }];
  };
  return { sql: sql as unknown as Sql, queries: () => queries };
}

function checker(sql: Sql, cache: Cache = createMemoryCache({ sweepIntervalMs: 0 })) {
  return { cache, access: createAccessChecker({ sql, cache, logger, ttlMs: 60_000 }) };
}

Deno.test("a miss reads the database once and fills the cache", async () => {
  const db = fakeSql(() => true);
  const { access, cache } = checker(db.sql);
  assert.equal(await access.has(USER, PRODUCT), true);
  assert.equal(await access.has(USER, PRODUCT), true);
  assert.equal(db.queries(), 1);
  assert.equal(await cache.get(accessKey(USER, PRODUCT)), "1");
});

Deno.test("a recorded answer replaces the cached one at once", async () => {
  const db = fakeSql(() => true);
  const { access } = checker(db.sql);
  assert.equal(await access.has(USER, PRODUCT), true);
  await access.record(USER, new Map([[PRODUCT, false]]));
  assert.equal(await access.has(USER, PRODUCT), false);
  assert.equal(db.queries(), 1);
});

Deno.test("a reader that saw the old row cannot put it back over a revoke", async () => {
  let entitled = true;
  const revokeMeanwhile = async () => {
    // The revoke commits while the reader's query is in flight.
    entitled = false;
    await access.record(USER, new Map([[PRODUCT, false]]));
  };
  const db = fakeSql(() => entitled, revokeMeanwhile);
  const { access, cache } = checker(db.sql);
  assert.equal(await access.has(USER, PRODUCT), true, "that one read saw the old row");
  assert.equal(await cache.get(accessKey(USER, PRODUCT)), "0");
  assert.equal(await access.has(USER, PRODUCT), false);
});

Deno.test("a failing cache falls back to the database", async () => {
  const cache = createMemoryCache({ sweepIntervalMs: 0 });
  await cache.close();
  const db = fakeSql(() => true);
  const { access } = checker(db.sql, cache);
  assert.equal(await access.has(USER, PRODUCT), true);
  await access.record(USER, new Map([[PRODUCT, false]]));
  assert.equal(db.queries(), 1);
});
