/**
 * What the resilient upstream client (retries, breaker, bulkhead, deadline, metrics) costs a
 * call on its own: the same calls through the client and straight to its transport, which
 * answers at once, so that only the client's work is timed. Usage:
 * `deno task bench:client` (`BENCH_CALLS` calls per round, three rounds taken in turns).
 * @module
 */
import { createUpstream } from "@marquee/resilience";
import { Registry } from "@marquee/metrics";

const CALLS = Number(Deno.env.get("BENCH_CALLS") ?? 200_000);
const answer = new Response("{}");
const transport = (_url: string | URL | Request, _init?: RequestInit) => Promise.resolve(answer);
const client = createUpstream({
  name: "bench",
  baseUrl: "http://upstream.invalid",
  registry: new Registry(),
  transport,
});
const headers: Array<[string, string]> = [
  ["accept", "application/json"],
  ["authorization", "Bearer token"],
  ["x-request-id", "0f8fad5b-d9cb-469f-a165-70867728950e"],
  ["traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"],
];

const paths = {
  "through the client": () => client.fetch("/api/products/a", { method: "GET", headers }),
  "straight to the transport": () =>
    transport("http://upstream.invalid/api/products/a", { method: "GET", headers }),
};
const best: Record<string, number> = {};
for (let round = 0; round < 3; round++) {
  for (const [name, call] of Object.entries(paths)) {
    const started = performance.now();
    for (let i = 0; i < CALLS; i++) await call();
    const micros = (performance.now() - started) * 1000 / CALLS;
    best[name] = Math.min(best[name] ?? Infinity, micros);
  }
}
client.close();
const own = best["through the client"]! - best["straight to the transport"]!;
console.log(`# Upstream client (${new Date().toISOString()}, ${CALLS} calls a round, best of 3)`);
for (const [name, micros] of Object.entries(best)) {
  console.log(`${name}: ${micros.toFixed(2)} µs a call`);
}
console.log(`the client's own work: ${own.toFixed(2)} µs a call`);
