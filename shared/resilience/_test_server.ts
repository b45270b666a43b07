/**
 * A loopback HTTP server for tests that counts the requests it receives.
 * @module
 */

/** A running test server. */
export interface TestServer extends AsyncDisposable {
  url: string;
  /** Requests received so far. */
  hits(): number;
}

/**
 * Starts a server on 127.0.0.1 with a free port. `handler` gets the 1-based hit number and a
 * signal that aborts when the server is disposed, so stalled handlers end with the test.
 */
export function serveLoopback(
  handler: (req: Request, hit: number, closing: AbortSignal) => Response | Promise<Response>,
): TestServer {
  let hits = 0;
  const closing = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => handler(req, ++hits, closing.signal),
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    hits: () => hits,
    [Symbol.asyncDispose]: () => {
      closing.abort();
      return server.shutdown();
    },
  };
}

/** Waits `ms`, or less if `signal` aborts first. */
export function stall(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
