import assert from "node:assert/strict";
import { createHttp1Transport } from "./http1_transport.ts";

const encoder = new TextEncoder();
const manual = { redirect: "manual" } as const;

/**
 * A TCP server answering each request on a connection with the next scripted raw response
 * (or a function of the request head), counting connections.
 */
function rawServer(answer: (head: string, n: number) => string | Uint8Array | null) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const heads: string[] = [];
  let connections = 0;
  const conns = new Set<Deno.Conn>();
  (async () => {
    for await (const conn of listener) {
      connections++;
      conns.add(conn);
      (async () => {
        const buf = new Uint8Array(65536);
        let pending = "";
        try {
          for (;;) {
            const n = await conn.read(buf);
            if (n === null) break;
            pending += new TextDecoder().decode(buf.subarray(0, n));
            let end;
            while ((end = pending.indexOf("\r\n\r\n")) !== -1) {
              const head = pending.slice(0, end);
              pending = pending.slice(end + 4);
              heads.push(head);
              const out = answer(head, heads.length);
              if (out === null) {
                conn.close();
                return;
              }
              await conn.write(typeof out === "string" ? encoder.encode(out) : out);
            }
          }
        } catch { /* closed */ }
        conns.delete(conn);
        try {
          conn.close();
        } catch { /* closed */ }
      })();
    }
  })();
  const port = (listener.addr as Deno.NetAddr).port;
  return {
    url: `http://127.0.0.1:${port}`,
    heads,
    connections: () => connections,
    /** Closes every open connection, as a server does with idle keep-alive ones. */
    dropConnections() {
      for (const conn of conns) conn.close();
      conns.clear();
    },
    [Symbol.dispose]() {
      listener.close();
      for (const conn of conns) conn.close();
    },
  };
}

const ok = (body: string, extra = "") =>
  `HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${
    encoder.encode(body).length
  }\r\n${extra}\r\n${body}`;

Deno.test("requests reuse one keep-alive connection and read whole bodies", async () => {
  using server = rawServer((_, n) => ok(`answer ${n}`, "x-seq: yes\r\n"));
  const client = createHttp1Transport();
  try {
    for (let i = 1; i <= 20; i++) {
      const res = await client.fetch(`${server.url}/items/${i}?q=a%20b`, {
        ...manual,
        headers: { "x-request-id": `r${i}`, accept: "application/json" },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("x-seq"), "yes");
      assert.equal(await res.text(), `answer ${i}`);
    }
    assert.equal(server.connections(), 1);
    assert.match(server.heads[0]!, /^GET \/items\/1\?q=a%20b HTTP\/1\.1\r\n/);
    assert.match(server.heads[0]!, /\r\nhost: 127\.0\.0\.1:\d+\r\n/);
    assert.match(server.heads[0]!, /\r\nx-request-id: r1(\r\n|$)/);
    assert.equal(client.idle(), 1);
  } finally {
    client.close();
  }
});

Deno.test("HEAD answers and 204 have no body whatever their length says", async () => {
  using server = rawServer((head) =>
    head.startsWith("HEAD")
      ? "HTTP/1.1 200 OK\r\ncontent-length: 5000\r\n\r\n"
      : "HTTP/1.1 204 No Content\r\n\r\n"
  );
  const client = createHttp1Transport();
  try {
    const head = await client.fetch(`${server.url}/a`, { ...manual, method: "HEAD" });
    assert.equal(head.headers.get("content-length"), "5000");
    assert.equal(await head.text(), "");
    const empty = await client.fetch(`${server.url}/b`, manual);
    assert.equal(empty.status, 204);
    assert.equal(server.connections(), 1);
  } finally {
    client.close();
  }
});

Deno.test("chunked and long bodies stream, then the connection is reused", async () => {
  const big = "x".repeat(200_000);
  using server = rawServer((head) =>
    head.includes("/chunked")
      ? "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n" +
        "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\ntrailer: t\r\n\r\n"
      : ok(big)
  );
  const client = createHttp1Transport();
  try {
    const chunked = await client.fetch(`${server.url}/chunked`, manual);
    assert.equal(await chunked.text(), "hello world");
    const long = await client.fetch(`${server.url}/big`, manual);
    assert.ok(long.body);
    assert.equal((await long.text()).length, big.length);
    const again = await client.fetch(`${server.url}/chunked`, manual);
    assert.equal(await again.text(), "hello world");
    assert.equal(server.connections(), 1);
  } finally {
    client.close();
  }
});

Deno.test("a pooled connection the server closed is replaced without an error", async () => {
  using server = rawServer(() => ok("fine"));
  const client = createHttp1Transport();
  try {
    assert.equal(await (await client.fetch(`${server.url}/`, manual)).text(), "fine");
    server.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await (await client.fetch(`${server.url}/`, manual)).text(), "fine");
    assert.equal(server.connections(), 2);
  } finally {
    client.close();
  }
});

Deno.test("connection: close and HTTP/1.0 answers are not reused", async () => {
  using server = rawServer((_, n) =>
    n === 1 ? ok("one", "connection: close\r\n") : `HTTP/1.0 200 OK\r\ncontent-length: 3\r\n\r\ntwo`
  );
  const client = createHttp1Transport();
  try {
    assert.equal(await (await client.fetch(`${server.url}/`, manual)).text(), "one");
    assert.equal(await (await client.fetch(`${server.url}/`, manual)).text(), "two");
    assert.equal(client.idle(), 0);
    assert.equal(server.connections(), 2);
  } finally {
    client.close();
  }
});

Deno.test("responses a proxy could misread are refused as network errors", async () => {
  const bad = [
    "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n",
    "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-length: 4\r\n\r\nabcd",
    "HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n",
    "HTTP/1.1 200 OK\r\nx-a: 1\r\n folded\r\ncontent-length: 0\r\n\r\n",
    "HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\n",
    "HTTX/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
    "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n\r\n",
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n",
  ];
  for (const answer of bad) {
    using server = rawServer(() => answer);
    const client = createHttp1Transport();
    try {
      await assert.rejects(
        async () => await (await client.fetch(`${server.url}/`, manual)).text(),
        TypeError,
        JSON.stringify(answer),
      );
      assert.equal(client.idle(), 0);
    } finally {
      client.close();
    }
  }
});

Deno.test("interim answers are skipped and a body cut short is an error", async () => {
  using server = rawServer((_, n) =>
    n === 1
      ? "HTTP/1.1 103 Early Hints\r\nlink: </a.css>\r\n\r\n" + ok("real")
      : "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nshort"
  );
  const client = createHttp1Transport();
  try {
    assert.equal(await (await client.fetch(`${server.url}/`, manual)).text(), "real");
    const cut = client.fetch(`${server.url}/`, manual);
    setTimeout(() => server.dropConnections(), 50);
    await assert.rejects(async () => await (await cut).text(), TypeError);
  } finally {
    client.close();
  }
});

Deno.test("an aborted request rejects with the signal's reason and drops its connection", async () => {
  using server = rawServer(() => "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nslow");
  const client = createHttp1Transport();
  try {
    const controller = new AbortController();
    const pending = client.fetch(`${server.url}/`, { ...manual, signal: controller.signal });
    const reason = new Error("gave up");
    setTimeout(() => controller.abort(reason), 30);
    await assert.rejects(async () => await (await pending).text(), (error) => error === reason);
    assert.equal(client.idle(), 0);
  } finally {
    client.close();
  }
});

Deno.test("what it does not speak goes to the fallback", async () => {
  const seen: string[] = [];
  const client = createHttp1Transport({
    fallback: (url, init) => {
      seen.push(`${init?.method ?? "GET"} ${url} ${init?.redirect ?? "follow"}`);
      return Promise.resolve(new Response("fallback"));
    },
  });
  await client.fetch("http://127.0.0.1:1/x", { method: "POST", body: "{}", ...manual });
  await client.fetch("http://127.0.0.1:1/x");
  await client.fetch("https://127.0.0.1:1/x", manual);
  assert.deepEqual(seen, [
    "POST http://127.0.0.1:1/x manual",
    "GET http://127.0.0.1:1/x follow",
    "GET https://127.0.0.1:1/x manual",
  ]);
  client.close();
});

Deno.test("header values cannot smuggle a second request", async () => {
  const client = createHttp1Transport();
  await assert.rejects(
    () =>
      client.fetch("http://127.0.0.1:1/", {
        ...manual,
        headers: [["x-a", "1\r\nGET /admin HTTP/1.1"]],
      }),
    TypeError,
  );
  client.close();
});

Deno.test("answers a real Deno server gives, streamed or not, read the same as fetch reads them", async () => {
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/stream") {
      const parts = ["a", "b", "c"];
      return new Response(
        new ReadableStream({
          pull(c) {
            const next = parts.shift();
            if (next) c.enqueue(encoder.encode(next));
            else c.close();
          },
        }),
      );
    }
    return Response.json({ path, ua: req.headers.get("x-marquee-user-id") });
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  const client = createHttp1Transport();
  try {
    for (const path of ["/stream", "/json", "/stream", "/json"]) {
      const init = { ...manual, headers: { "x-marquee-user-id": "u1" } };
      const ours = await client.fetch(url + path, init);
      const theirs = await fetch(url + path, init);
      assert.equal(ours.status, theirs.status);
      assert.equal(ours.headers.get("content-type"), theirs.headers.get("content-type"));
      assert.equal(await ours.text(), await theirs.text());
    }
    assert.equal(client.idle(), 1);
  } finally {
    client.close();
  }
});

Deno.test("a refused connection is a TypeError, as fetch reports it", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  const client = createHttp1Transport();
  await assert.rejects(() => client.fetch(`http://127.0.0.1:${port}/`, manual), TypeError);
  client.close();
});

Deno.test("an answer's header lines die with it in a scavenge, unlike values of a WeakMap", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--v8-flags=--expose-gc",
      new URL("./_young_headers_fixture.ts", import.meta.url).pathname,
    ],
    stderr: "inherit",
  }).output();
  assert.ok(out.success);
  const { trials, headers, controls } = JSON.parse(new TextDecoder().decode(out.stdout));
  // The first answer may still be held while the connection is set up.
  assert.ok(headers <= 2, `${headers} of ${trials} answers' header lines survived`);
  // The control shows what this guards against: a long-lived WeakMap's values outlive their
  // keys until a full collection.
  assert.ok(controls >= trials - 2, `only ${controls} of ${trials} WeakMap values survived`);
});
