/**
 * The Upstash-compatible REST server (`infra/upstash`) in front of the real Redis, driven
 * by the real `@upstash/redis` and `@upstash/ratelimit` clients. It uses the running server
 * named by `MARQUEE_TEST_UPSTASH_URL` (and `MARQUEE_TEST_UPSTASH_TOKEN`), or starts one in
 * this process against `MARQUEE_TEST_REDIS_URL`.
 */
import assert from "node:assert/strict";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { answersOk } from "@marquee/testing";
import { startUpstashRest } from "../../infra/upstash/rest.ts";

const externalUrl = Deno.env.get("MARQUEE_TEST_UPSTASH_URL");
const externalToken = Deno.env.get("MARQUEE_TEST_UPSTASH_TOKEN") ?? "marquee-dev-upstash-token";
const redisUrl = Deno.env.get("MARQUEE_TEST_REDIS_URL");
const ignore = !externalUrl && !redisUrl;

/** The server under test and a key prefix of this test's own. */
async function target() {
  const prefix = `test:upstash:${crypto.randomUUID()}`;
  if (externalUrl) {
    return {
      url: externalUrl,
      token: externalToken,
      prefix,
      [Symbol.asyncDispose]: async () => {},
    };
  }
  const token = `token-${crypto.randomUUID()}`;
  const server = startUpstashRest({ redisUrl: redisUrl!, token, port: 0 });
  for (let i = 0; i < 100 && !(await answersOk(`${server.url}/health`)); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: server.url, token, prefix, [Symbol.asyncDispose]: () => server.close() };
}

const test = (name: string, fn: () => Promise<void>) => Deno.test({ name, ignore, fn });

test("set, get, incr, expire and ttl through @upstash/redis (base64 and plain JSON)", async () => {
  await using t = await target();
  for (const responseEncoding of [undefined, false] as const) {
    const redis = new Redis({
      url: t.url,
      token: t.token,
      enableTelemetry: false,
      responseEncoding,
    });
    const k = `${t.prefix}:${responseEncoding ?? "base64"}`;
    assert.equal(await redis.set(`${k}:s`, "héllo wörld ✓"), "OK");
    assert.equal(await redis.get(`${k}:s`), "héllo wörld ✓");
    assert.equal(await redis.set(`${k}:ok`, "OK"), "OK");
    assert.equal(await redis.get(`${k}:ok`), "OK");
    await redis.set(`${k}:json`, { a: 1, b: ["x"] });
    assert.deepEqual(await redis.get(`${k}:json`), { a: 1, b: ["x"] });
    assert.equal(await redis.get(`${k}:missing`), null);
    assert.equal(await redis.incr(`${k}:n`), 1);
    assert.equal(await redis.incrby(`${k}:n`, 41), 42);
    assert.equal(await redis.expire(`${k}:n`, 100), 1);
    const ttl = await redis.ttl(`${k}:n`);
    assert.ok(ttl > 90 && ttl <= 100, `ttl ${ttl}`);
    assert.equal(await redis.ping(), "PONG");
    await redis.hset(`${k}:h`, { f: "v", g: 2 });
    assert.deepEqual(await redis.hgetall(`${k}:h`), { f: "v", g: 2 });
    assert.deepEqual(await redis.lrange(`${k}:missing-list`, 0, -1), []);
  }
});

test("pipelines and transactions answer one result or error per command", async () => {
  await using t = await target();
  const redis = new Redis({ url: t.url, token: t.token, enableTelemetry: false });
  const k = t.prefix;
  const p = redis.pipeline();
  p.set(`${k}:a`, "1");
  p.incr(`${k}:a`);
  p.get(`${k}:a`);
  p.lpush(`${k}:a`, "x"); // wrong type: fails alone
  p.incr(`${k}:a`);
  const results = await p.exec({ keepErrors: true });
  assert.deepEqual(results.map((r) => r.result), ["OK", 2, 2, undefined, 3]);
  assert.match(String(results[3]!.error), /WRONGTYPE/);

  const m = redis.multi();
  m.set(`${k}:t`, "v");
  m.get(`${k}:t`);
  m.incr(`${k}:t`); // not an integer: fails inside the transaction only
  m.del(`${k}:t`);
  const tx = await m.exec({ keepErrors: true });
  assert.deepEqual(tx.map((r) => r.result), ["OK", "v", undefined, 1]);
  assert.match(String(tx[2]!.error), /not an integer/);
});

test("eval, evalsha and script load, including Upstash-only shebang flags", async () => {
  await using t = await target();
  const redis = new Redis({ url: t.url, token: t.token, enableTelemetry: false });
  const k = t.prefix;
  assert.deepEqual(
    await redis.eval("return {KEYS[1], ARGV[1], 3, {4, 'five'}, false}", [`${k}:e`], ["arg"]),
    [`${k}:e`, "arg", 3, [4, "five"], null],
  );
  const script = "#!lua flags=allow-key-locking\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])";
  assert.equal(await redis.eval(script, [`${k}:n`], ["5"]), 5);
  const sha = await redis.scriptLoad(script);
  const expected = Array.from(
    new Uint8Array(await crypto.subtle.digest("SHA-1", new TextEncoder().encode(script))),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  assert.equal(sha, expected, "SCRIPT LOAD answers the hash of the script as sent");
  assert.equal(await redis.evalsha(sha, [`${k}:n`], ["2"]), 7);
  assert.deepEqual(await redis.scriptExists(sha, "0".repeat(40)), [1, 0]);
  await assert.rejects(redis.evalsha("0".repeat(40), [], []), /NOSCRIPT/);
});

test("@upstash/ratelimit's sliding window limits at the configured rate", async () => {
  await using t = await target();
  const redis = new Redis({ url: t.url, token: t.token, enableTelemetry: false });
  const ratelimit = new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(5, "1 h"),
    prefix: `${t.prefix}:rl`,
    ephemeralCache: false,
  });
  const verdicts = [];
  for (let i = 0; i < 7; i++) verdicts.push(await ratelimit.limit("client-a"));
  assert.deepEqual(verdicts.map((v) => v.success), [true, true, true, true, true, false, false]);
  assert.deepEqual(verdicts.map((v) => v.remaining), [4, 3, 2, 1, 0, 0, 0]);
  assert.ok(verdicts.every((v) => v.limit === 5 && v.reset > Date.now()));
  assert.equal((await ratelimit.limit("client-b")).success, true);
});

test("bad tokens get 401; bad commands and bodies get 400 with an error; path style works", async () => {
  await using t = await target();
  const post = (path: string, body: string, token: string | null = t.token) =>
    fetch(`${t.url}${path}`, {
      method: "POST",
      headers: token !== null ? { authorization: `Bearer ${token}` } : {},
      body,
    });
  for (const token of [null, "wrong", `${t.token}x`]) {
    const res = await post("/", '["ping"]', token);
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { error: "Unauthorized" });
  }
  const k = t.prefix;
  const set = await post(`/set/${encodeURIComponent(`${k}:p`)}?EX=60`, "path value");
  assert.deepEqual(await set.json(), { result: "OK" });
  const get = await fetch(`${t.url}/get/${encodeURIComponent(`${k}:p`)}`, {
    headers: { authorization: `Bearer ${t.token}` },
  });
  assert.deepEqual(await get.json(), { result: "path value" });

  for (
    const [path, body, pattern] of [
      ["/", "not json", /not valid JSON/],
      ["/", "[]", /non-empty array/],
      ["/", '[["nested"]]', /argument 0/],
      ["/", '["subscribe", "x"]', /not allowed/],
      ["/", '["multi"]', /not allowed/],
      ["/", '["nosuchcommand"]', /unknown command/i],
      ["/pipeline", '["get", "x"]', /non-empty array/],
    ] as const
  ) {
    const res = await post(path, body);
    assert.equal(res.status, 400, `${path} ${body}`);
    assert.match((await res.json()).error, pattern);
  }
  const huge = await post("/", JSON.stringify(["set", `${k}:big`, "x".repeat(1_048_577)]));
  assert.equal(huge.status, 413);
  await huge.body?.cancel();
  const health = await fetch(`${t.url}/health`);
  assert.equal(health.status, 200);
  await health.body?.cancel();
});
