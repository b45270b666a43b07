/**
 * The edge for `deno serve --parallel`: one isolate per core (or `DENO_JOBS`), all
 * listening on one port, the kernel spreading connections among them.
 *
 *     DENO_JOBS=2 deno serve --parallel -A --host 0.0.0.0 --port 8000 edge/serve.ts
 *
 * Each isolate is a whole edge: its own hot cache (kept fresh by catalog events in its own
 * consumer group), limiter counts (coalesced into the shared Redis budgets) and upstream
 * breakers. On SIGTERM or SIGINT `deno serve` stops accepting and drains; the isolate that
 * hears the signal closes its edge (consumer, limiter, clients) within the grace period and
 * ends the process, which keeps running otherwise while Kafka consumers and timers live.
 * @module
 */
import { bootEdge } from "./boot.ts";

const edge = await bootEdge({ instanceSuffix: crypto.randomUUID().slice(0, 8) });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.race([
    edge.close(),
    new Promise((resolve) => setTimeout(resolve, edge.config.SHUTDOWN_GRACE_MS)),
  ]);
  Deno.exit(0);
};
if (!edge.onDeploy) {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    try {
      Deno.addSignalListener(signal, stop);
    } catch {
      // Only the main isolate hears signals; ending the process ends its workers too.
    }
  }
}

export default { fetch: edge.fetch } satisfies Deno.ServeDefaultExport;
