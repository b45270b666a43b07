/**
 * The edge as its container runs it, `EDGE_WORKERS=2`: both isolates take connections on the
 * one port (each with its own SO_REUSEPORT socket), a scrape of `/metrics` on either answers
 * for both, a purge asked of one reaches both, and SIGTERM stops the whole process cleanly.
 */
import assert from "node:assert/strict";
import { answersOk, eventually, fetchOnNewConnection } from "@marquee/testing";

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** The edge with two isolates on a free port, embedded, with `env` on top. */
function startEdge(env: Record<string, string> = {}) {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-net", new URL("../../edge/main.ts", import.meta.url).pathname],
    env: {
      EDGE_WORKERS: "2",
      PORT: String(port),
      MARQUEE_MODE: "embedded",
      LOG_LEVEL: "error",
      ...env,
    },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  return { child, base: `http://127.0.0.1:${port}` };
}

Deno.test("two edge isolates share the port, and SIGTERM ends both", async () => {
  const { child, base } = startEdge();
  try {
    await eventually(() => answersOk(`${base}/health/live`), 60_000, "edge live");
    const seen = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const res = await fetchOnNewConnection(`${base}/health/live`);
      const { isolate } = await res.json() as { isolate?: string };
      seen.set(String(isolate), (seen.get(String(isolate)) ?? 0) + 1);
    }
    // The kernel hashes each new connection to one socket: over 40, both get some.
    assert.deepEqual([...seen.keys()].sort(), ["w0", "w1"], JSON.stringify([...seen]));

    // Whichever isolate takes a scrape, it reports both isolates' requests, each labelled.
    for (let i = 0; i < 12; i++) {
      const text = await (await fetchOnNewConnection(`${base}/metrics`)).text();
      const counted = new Map<string, number>();
      for (const line of text.split("\n")) {
        const match = /^http_requests_total\{(.*)\} (\d+)$/.exec(line);
        if (!match || !match[1]!.includes('route="/health/live"')) continue;
        const isolate = /isolate="(w\d+)"/.exec(match[1]!)?.[1] ?? "none";
        counted.set(isolate, (counted.get(isolate) ?? 0) + Number(match[2]));
      }
      assert.deepEqual([...counted.keys()].sort(), ["w0", "w1"], text);
      for (const [isolate, n] of seen) assert.ok(counted.get(isolate)! >= n, text);
    }
  } finally {
    child.kill("SIGTERM");
  }
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  const status = await child.status;
  clearTimeout(timer);
  const stderr = new TextDecoder().decode(await new Response(child.stderr).arrayBuffer());
  assert.equal(status.code, 0, stderr);
});

Deno.test("a purge asked of one isolate empties the other's cache too", async () => {
  // A catalog whose answer changes on every request, cacheable and tagged.
  let version = 0;
  const catalog = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
    version++;
    return Response.json({ version }, {
      headers: { "cache-control": "public, s-maxage=300", "x-cache-tags": "product:p1" },
    });
  });
  const token = "purge-token-for-the-test";
  const { child, base } = startEdge({
    UPSTREAM_CATALOG: `http://127.0.0.1:${catalog.addr.port}`,
    EDGE_PURGE_TOKEN: token,
  });
  const read = async () => {
    const res = await fetchOnNewConnection(`${base}/api/products/p1`);
    const { version } = await res.json() as { version: number };
    return { version, cache: res.headers.get("x-cache") };
  };
  // Two dozen new connections: both isolates get some.
  const readMany = () => Promise.all(Array.from({ length: 24 }, read));
  try {
    await eventually(() => answersOk(`${base}/health/live`), 60_000, "edge live");
    // Until both isolates answer from their cache: one version, hits only.
    let reads = await readMany();
    for (let i = 0; i < 20 && reads.some((r) => r.cache !== "HIT"); i++) reads = await readMany();
    const cached = new Set(reads.map((r) => r.version));
    assert.equal(reads.every((r) => r.cache === "HIT"), true, JSON.stringify(reads));

    const purged = await fetchOnNewConnection(`${base}/_edge/purge`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ tags: ["product:p1"] }),
    });
    assert.equal(purged.status, 200, await purged.text());
    // Whichever isolate each new connection reaches, none answers what was purged.
    await eventually(
      async () => (await readMany()).every((r) => !cached.has(r.version)),
      5_000,
      "both isolates purged",
    );
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await child.stderr.cancel();
    await catalog.shutdown();
  }
});
