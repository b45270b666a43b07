/**
 * The checkout benchmark's load: buyers signed up through the edge, and workers that each
 * place an order (`POST /api/orders` with an `Idempotency-Key`) and follow the order's
 * Server-Sent Events stream until it ends, one order after another until a deadline.
 * @module
 */

const JSON_HEADERS = { "content-type": "application/json" };
const TERMINAL = ["COMPLETED", "CANCELLED", "FAILED"];
const POLL_AFTER_MS = 1_000;
const POLL_EVERY_MS = 100;

/** A signed-in buyer. */
export interface Buyer {
  email: string;
  token: string;
}

/** Registers and signs in a fresh buyer through the edge. */
export async function signUpBuyer(base: string): Promise<Buyer> {
  const email = `bench-buyer-${crypto.randomUUID().slice(0, 12)}@example.com`;
  const password = "checkout benchmark buyer";
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) });
  const registered = await post("/api/auth/register", {
    email,
    password,
    displayName: "Bench Buyer",
    role: "buyer",
  });
  if (!registered.ok) throw new Error(`Register failed: ${await registered.text()}`);
  await registered.body?.cancel();
  const login = await post("/api/auth/login", { email, password });
  if (!login.ok) throw new Error(`Login failed: ${await login.text()}`);
  const { accessToken } = await login.json();
  return { email, token: accessToken };
}

/** What became of one order. */
export interface Outcome {
  orderId?: string;
  kind: string;
  /** Final status, or `http <status>` / `timeout` / `error` when it never got one. */
  status: string;
  reason?: string;
  /** Client-side: from sending the POST to reading the terminal event. */
  clientMs: number;
  /** Epoch ms when the POST was sent and when the end was read. */
  sentMs?: number;
  seenMs?: number;
  /** How the end was seen: on the SSE stream, or by the fallback poll. */
  via?: "sse" | "poll";
  /** As the order records it: `updatedAt` of the terminal view minus `placedAt`. */
  recordedMs?: number;
}

interface View {
  id: string;
  status: string;
  reason: unknown;
  placedAt: string;
  updatedAt: string;
}

/** Reads SSE `data:` payloads of the order stream until a terminal view or `signal` aborts. */
async function followStream(base: string, buyer: Buyer, id: string, signal: AbortSignal) {
  const res = await fetch(`${base}/api/orders/${id}/events`, {
    headers: { authorization: `Bearer ${buyer.token}`, accept: "text/event-stream" },
    signal,
  });
  if (!res.ok || !res.body) throw new Error(`Stream answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error("Stream ended before the order did");
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split("\n").filter((l) => l.startsWith("data:"))
          .map((l) => l.slice(5).trimStart()).join("\n");
        if (!data) continue;
        const view: View = JSON.parse(data);
        if (TERMINAL.includes(view.status)) return view;
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * Polls `GET /api/orders/{id}` after a delay: the stream hears only changes projected by this
 * orders process, and another copy of the platform in the same consumer group may project
 * some. Orders resolved this way are counted apart.
 */
async function pollUntilEnd(base: string, buyer: Buyer, id: string, signal: AbortSignal) {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await sleep(POLL_AFTER_MS);
  while (!signal.aborted) {
    const res = await fetch(`${base}/api/orders/${id}`, {
      headers: { authorization: `Bearer ${buyer.token}` },
      signal,
    });
    if (res.ok) {
      const view: View = await res.json();
      if (TERMINAL.includes(view.status)) return view;
    } else await res.body?.cancel();
    await sleep(POLL_EVERY_MS);
  }
  throw new Error("Aborted");
}

/** Places one order of `productId` and waits for it to end (at most `timeoutMs`). */
export async function checkout(
  base: string,
  buyer: Buyer,
  item: { productId: string; kind: string },
  timeoutMs: number,
): Promise<Outcome> {
  const sentMs = Date.now();
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const res = await fetch(`${base}/api/orders`, {
    method: "POST",
    headers: {
      ...JSON_HEADERS,
      authorization: `Bearer ${buyer.token}`,
      "idempotency-key": crypto.randomUUID(),
    },
    body: JSON.stringify({
      items: [{ productId: item.productId, quantity: 1 }],
      paymentMethod: "pm_card_visa",
    }),
  });
  if (res.status !== 202) {
    const detail = (await res.text()).slice(0, 200);
    return { kind: item.kind, status: `http ${res.status}`, reason: detail, clientMs: elapsed() };
  }
  const placed: View = await res.json();
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]);
  try {
    const view = await Promise.any([
      followStream(base, buyer, placed.id, signal).then((v) => ({ ...v, via: "sse" as const })),
      pollUntilEnd(base, buyer, placed.id, signal).then((v) => ({ ...v, via: "poll" as const })),
    ]);
    stop.abort();
    return {
      via: view.via,
      orderId: placed.id,
      kind: item.kind,
      status: view.status,
      reason: view.reason ? JSON.stringify(view.reason) : undefined,
      clientMs: elapsed(),
      sentMs,
      seenMs: Date.now(),
      recordedMs: Date.parse(view.updatedAt) - Date.parse(view.placedAt),
    };
  } catch (error) {
    const status = signal.aborted ? "timeout" : "error";
    stop.abort();
    return {
      orderId: placed.id,
      kind: item.kind,
      status,
      reason: error instanceof AggregateError
        ? error.errors.map((e) => (e as Error).message).join("; ")
        : (error as Error).message,
      clientMs: elapsed(),
    };
  }
}

/**
 * Runs `workers` loops until `deadline` (a `performance.now()` time): worker `w` places
 * orders as buyer `w mod buyers`, alternating over `items`. Orders started before the
 * deadline are waited for.
 */
export async function drive(options: {
  base: string;
  buyers: Buyer[];
  items: Array<{ productId: string; kind: string }>;
  workers: number;
  deadline: number;
  timeoutMs: number;
}): Promise<Outcome[]> {
  const { base, buyers, items, workers, deadline, timeoutMs } = options;
  const outcomes: Outcome[] = [];
  await Promise.all(Array.from({ length: workers }, async (_, w) => {
    const buyer = buyers[w % buyers.length]!;
    for (let i = w; performance.now() < deadline; i++) {
      const item = items[i % items.length]!;
      const started = performance.now();
      outcomes.push(
        await checkout(base, buyer, item, timeoutMs).catch((error) => ({
          kind: item.kind,
          status: "error",
          reason: (error as Error).message,
          clientMs: performance.now() - started,
        })),
      );
    }
  }));
  return outcomes;
}
