/**
 * Runs the edge: `deno run -A edge/main.ts`. The same file runs on Deno Deploy (no files
 * written, no subprocesses, no Kafka client loaded there) and in a container, where in
 * servers mode catalog events purge the cache over Kafka. With `EDGE_WORKERS` > 1 (one per
 * core in a container; needs `--unstable-net`) the port is served by that many isolates.
 * @module
 */
import { serve } from "@marquee/http";
import { bootEdge } from "./boot.ts";
import { startWorkers } from "./workers.ts";

const workers = Number(Deno.env.get("EDGE_WORKERS") ?? 1);
const parallel = workers > 1 && Deno.env.get("DENO_DEPLOYMENT_ID") === undefined;
const edge = await bootEdge(parallel ? { instanceSuffix: "w0" } : {});
const others = parallel ? startWorkers(edge.config.EDGE_WORKERS - 1, edge.logger) : undefined;
await others?.ready;
serve(edge.fetch, {
  port: edge.config.PORT,
  hostname: edge.config.HOST,
  logger: edge.logger,
  graceMs: edge.config.SHUTDOWN_GRACE_MS,
  signals: !edge.onDeploy,
  reusePort: parallel,
  // The isolates close their consumers, limiters and clients side by side.
  onClose: [() => Promise.all([others?.stop(edge.config.SHUTDOWN_GRACE_MS), edge.close()])],
});
