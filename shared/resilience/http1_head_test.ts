import assert from "node:assert/strict";
import { MalformedResponseError, parseResponseHead } from "./http1_head.ts";

const bytes = (...parts: Array<string | number[]>) =>
  Uint8Array.from(
    parts.flatMap((p) => typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p),
  );

Deno.test("parseResponseHead reads the status, the headers in order and the framing", () => {
  const head = parseResponseHead(
    bytes(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Tag:  a \r\n",
      "Content-Length: 12\r\n\r\n",
    ),
    "GET",
  );
  assert.equal(head.status, 200);
  assert.equal(head.statusText, "OK");
  assert.deepEqual(head.headers, [
    ["content-type", "application/json"],
    ["x-tag", "a"],
    ["content-length", "12"],
  ]);
  assert.deepEqual(head.framing, { kind: "length", length: 12 });
  assert.equal(head.keepAlive, true);
});

Deno.test("parseResponseHead keeps bytes past ASCII as one character each, as Headers does", () => {
  // "café" in Latin-1, then "é" as UTF-8's two bytes.
  const head = parseResponseHead(
    bytes("HTTP/1.1 200 OK\r\nx-latin: caf", [0xe9], "\r\nx-utf8: ", [0xc3, 0xa9], "\r\n\r\n"),
    "HEAD",
  );
  assert.deepEqual(head.headers, [["x-latin", "caf\u00e9"], ["x-utf8", "\u00c3\u00a9"]]);
  assert.deepEqual(new Headers(head.headers).get("x-utf8"), "\u00c3\u00a9");
});

Deno.test("parseResponseHead refuses a head two readers could frame differently", () => {
  const refused = (text: string) =>
    assert.throws(() => parseResponseHead(bytes(text), "GET"), MalformedResponseError);
  refused("HTTP/1.1 200 OK\r\ncontent-length: 1\r\ntransfer-encoding: chunked\r\n\r\n");
  refused("HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n");
  refused("HTTP/1.1 200 OK\r\n folded: x\r\n\r\n");
  refused("HTTP/2 200\r\n\r\n");
});
