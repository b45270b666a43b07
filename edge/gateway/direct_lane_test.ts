/**
 * The direct lane answers exactly as the full middleware path does: the same requests go to
 * two edges, one with the lane and one without, and status, body, headers and what reached
 * the upstream are compared.
 */
import assert from "node:assert/strict";
import { Registry } from "@marquee/metrics";
import {
  makeKey,
  type RunningEdge,
  serveJwks,
  serveUpstream,
  signToken,
  startEdge,
} from "../_test_fixtures.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
// Values that differ on every request or second by nature.
const VOLATILE = new Set(["date", "x-request-id", "traceparent", "ratelimit-reset"]);

function comparable(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of res.headers) if (!VOLATILE.has(name)) out[name] = value;
  return out;
}

async function pair(env: Record<string, string>, upstream: string, jwks: string) {
  const base = {
    UPSTREAM_CATALOG: upstream,
    UPSTREAM_USERS: upstream,
    JWKS_URL: `${jwks}/.well-known/jwks.json`,
    RATE_LIMIT_USER: "3/60s",
    ...env,
  };
  const laneRegistry = new Registry();
  const lane = await startEdge(base, { registry: laneRegistry });
  const full = await startEdge(base, { directLane: false });
  return { lane, full, laneRegistry };
}

async function both(
  edges: { lane: RunningEdge; full: RunningEdge },
  path: string,
  init: RequestInit = {},
) {
  const a = await fetch(`${edges.lane.url}${path}`, init);
  const b = await fetch(`${edges.full.url}${path}`, init);
  return { lane: a, full: b, laneBody: await a.text(), fullBody: await b.text() };
}

Deno.test(
  "the direct lane gives the full path's answers, headers and upstream requests",
  opts,
  async () => {
    const key = await makeKey("k1");
    await using jwks = serveJwks([key]);
    await using upstream = serveUpstream((req) =>
      Response.json({ path: new URL(req.url).pathname }, {
        headers: {
          "cache-control": "private, no-store",
          "x-cache-tags": "product:1",
          "vary": "Accept",
          "connection": "keep-alive",
          // Headers the edge sets itself: replaced on both paths, never doubled.
          "x-content-type-options": "sniff-away",
          "x-cache": "upstream",
          "strict-transport-security": "max-age=1",
        },
      })
    );
    const { lane, full, laneRegistry } = await pair({}, upstream.url, jwks.url);
    await using _lane = lane;
    await using _full = full;
    const token = await signToken(key, { sub: "u-lane" });
    const auth = { authorization: `Bearer ${token}`, "x-request-id": "req-123" };

    const ok = await both({ lane, full }, "/api/products/p-1?fields=all", { headers: auth });
    assert.equal(ok.lane.status, 200);
    assert.equal(ok.laneBody, ok.fullBody);
    assert.deepEqual(comparable(ok.lane), comparable(ok.full));
    assert.equal(ok.lane.headers.get("x-request-id"), "req-123");
    assert.equal(ok.lane.headers.get("x-cache-tags"), null, "cache tags stay inside");
    assert.equal(ok.lane.headers.get("x-content-type-options"), "nosniff");
    assert.equal(ok.lane.headers.get("x-cache"), "BYPASS");
    assert.match(ok.lane.headers.get("traceparent")!, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    assert.match(laneRegistry.render(), /edge_direct_lane_total 1\b/);

    // What the upstream saw: the same forwarded identity and context from both paths.
    const [fromLane, fromFull] = upstream.seen.slice(-2);
    const seenHeaders = (s: typeof fromLane) =>
      Object.fromEntries(
        [...s!.headers].filter(([n]) => !["traceparent", "host", "x-forwarded-host"].includes(n)),
      );
    assert.deepEqual(seenHeaders(fromLane), seenHeaders(fromFull));
    assert.equal(fromLane!.path, "/api/products/p-1?fields=all");
    assert.equal(fromLane!.headers.get("x-forwarded-host"), new URL(lane.url).host);
    assert.equal(fromLane!.headers.get("x-marquee-user-id"), "u-lane");
    const responseTrace = ok.lane.headers.get("traceparent")!.split("-")[1];
    assert.equal(fromLane!.headers.get("traceparent")!.split("-")[1], responseTrace);

    // HEAD, and an incoming trace kept.
    const traced = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const head = await both({ lane, full }, "/api/products/p-2", {
      method: "HEAD",
      headers: { ...auth, traceparent: traced },
    });
    assert.equal(head.lane.status, head.full.status);
    assert.deepEqual(comparable(head.lane), comparable(head.full));
    assert.equal(head.lane.headers.get("traceparent")!.split("-")[1], traced.split("-")[1]);

    // The budget (3 per minute per user) ends in the same 429 on both.
    const spent = await both({ lane, full }, "/api/products/p-3", { headers: auth });
    assert.equal(spent.lane.status, 200);
    const refused = await both({ lane, full }, "/api/products/p-3", { headers: auth });
    assert.equal(refused.lane.status, 429);
    assert.equal(refused.laneBody, refused.fullBody);
    assert.deepEqual(comparable(refused.lane), comparable(refused.full));
  },
);

Deno.test(
  "bad tokens and dead upstreams: the same refusals from the direct lane",
  opts,
  async () => {
    const key = await makeKey("k1");
    const other = await makeKey("k2");
    await using jwks = serveJwks([key]);
    await using upstream = serveUpstream(() => Response.json({ ok: true }));
    const { lane, full } = await pair({}, upstream.url, jwks.url);
    await using _lane = lane;
    await using _full = full;
    const cases: Record<string, string> = {
      expired: `Bearer ${await signToken(key, { expiresInSec: -60 })}`,
      unknownKey: `Bearer ${await signToken(other)}`,
      wrongAudience: `Bearer ${await signToken(key, { audience: "elsewhere" })}`,
      malformed: "Bearer",
      garbage: "Bearer not.a.token",
    };
    for (const [name, authorization] of Object.entries(cases)) {
      const r = await both({ lane, full }, "/api/me", { headers: { authorization } });
      assert.equal(r.lane.status, 401, name);
      assert.equal(r.laneBody, r.fullBody, name);
      assert.deepEqual(comparable(r.lane), comparable(r.full), name);
    }
    assert.equal(upstream.seen.length, 0, "no refused request reached the upstream");

    // A dead upstream: the same 502 problem from both.
    const token = await signToken(key);
    const deadEnv = { UPSTREAM_ORDERS: "http://127.0.0.1:9" };
    const dead = await pair(deadEnv, upstream.url, jwks.url);
    await using _deadLane = dead.lane;
    await using _deadFull = dead.full;
    const r = await both(dead, "/api/orders", { headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.lane.status, 502);
    assert.equal(r.laneBody, r.fullBody);
    assert.deepEqual(comparable(r.lane), comparable(r.full));
  },
);

Deno.test("requests the lane leaves to the full path", opts, async () => {
  const key = await makeKey("k1");
  await using jwks = serveJwks([key]);
  await using upstream = serveUpstream(() => Response.json({ ok: true }));
  const { lane, full, laneRegistry } = await pair({}, upstream.url, jwks.url);
  await using _lane = lane;
  await using _full = full;
  const authorization = `Bearer ${await signToken(key)}`;
  const requests: Array<[string, RequestInit]> = [
    ["/api/products", {}], // anonymous: the cache's
    ["/api/products", { headers: { authorization, origin: "http://elsewhere.test" } }], // CORS
    ["/api/products", { method: "POST", headers: { authorization }, body: "{}" }], // a body
    ["/products", { headers: { authorization } }], // a page
  ];
  for (const [path, init] of requests) {
    await (await fetch(`${lane.url}${path}`, init)).body?.cancel();
  }
  assert.doesNotMatch(laneRegistry.render(), /edge_direct_lane_total \d/);
});

Deno.test(
  "the direct lane reads small answers whole and streams the rest as they come",
  opts,
  async () => {
    const key = await makeKey("k1");
    await using jwks = serveJwks([key]);
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => finish = resolve);
    await using upstream = serveUpstream((req) => {
      if (new URL(req.url).pathname.endsWith("/small")) return Response.json({ small: true });
      // A live event stream: no length, the second event only after the first was read.
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode("data: one\n\n"));
          await finished;
          controller.enqueue(new TextEncoder().encode("data: two\n\n"));
          controller.close();
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    });
    const { lane, full, laneRegistry } = await pair({}, upstream.url, jwks.url);
    await using _lane = lane;
    await using _full = full;
    const authorization = `Bearer ${await signToken(key)}`;
    const small = await fetch(`${lane.url}/api/products/small`, { headers: { authorization } });
    assert.deepEqual(await small.json(), { small: true });
    assert.equal(
      small.headers.get("content-length"),
      String(JSON.stringify({ small: true }).length),
    );

    const live = await fetch(`${lane.url}/api/products/live`, { headers: { authorization } });
    const reader = live.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.equal(first, "data: one\n\n", "the first event arrives before the stream ends");
    finish();
    const rest = new TextDecoder().decode((await reader.read()).value);
    assert.equal(rest, "data: two\n\n");
    await reader.cancel();
    assert.match(laneRegistry.render(), /edge_direct_lane_total 2\b/);
  },
);
