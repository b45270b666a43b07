import assert from "node:assert/strict";
import { createPool } from "@marquee/db";
import { createLogger } from "@marquee/log";
import { eventually, testDatabase } from "@marquee/testing";
import { announce, type LiveChange, startLiveHub } from "./hub.ts";

const logger = createLogger({ service: "live", level: "error", sink: () => {} });
const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "live hub: polls its subscribers where LISTEN is off, one call at a time",
  opts,
  async () => {
    await using db = await testDatabase([], { kind: "embedded" });
    const hub = await startLiveHub({
      sql: db.sql,
      channel: "t",
      logger,
      listen: false,
      pollMs: 20,
    });
    try {
      assert.equal(hub.listening(), false);
      const changes: LiveChange[] = [];
      let running = 0;
      const unsubscribe = hub.subscribe("k", async (change) => {
        assert.equal(++running, 1, "never two calls at once");
        changes.push(change);
        await new Promise((r) => setTimeout(r, 50));
        running--;
      });
      assert.equal(hub.count("k"), 1);
      await eventually(() => changes.length >= 2, 5_000, "two polls");
      assert.ok(changes.every((c) => c.all && c.refs.length === 0));
      unsubscribe();
      assert.equal(hub.size(), 0);
    } finally {
      await hub.close();
    }
  },
);

Deno.test({
  name: "live hub: a change committed through one pool reaches another instance's hub",
  ignore: !Deno.env.get("MARQUEE_TEST_POSTGRES_URL"),
  ...opts,
}, async () => {
  await using db = await testDatabase([], { kind: "servers" });
  const sqlB = createPool(db.url, { max: 2 });
  const a = await startLiveHub({ sql: db.sql, channel: "live_test", logger, listen: true });
  const b = await startLiveHub({ sql: sqlB, channel: "live_test", logger, listen: true });
  try {
    assert.equal(b.listening(), true);
    const heard: LiveChange[] = [];
    b.subscribe("user-1", (change) => void heard.push(change));
    b.subscribe("user-2", () => assert.fail("another key is not woken"));
    await db.sql.begin(async (tx) => {
      await announce(tx, "live_test", "user-1", "rolled-back");
      throw new Error("roll back");
    }).catch(() => {});
    await db.sql.begin((tx) => announce(tx, "live_test", "user-1", "row-1"));
    await eventually(() => heard.length > 0, 5_000, "the announcement on B");
    assert.deepEqual(heard, [{ refs: ["row-1"], all: false }], "only committed changes");
    assert.equal(a.count("user-1"), 0);
  } finally {
    await a.close();
    await b.close();
    await sqlB.end({ timeout: 1 });
  }
});
