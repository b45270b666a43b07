/**
 * Runs the edge: `deno run -A edge/main.ts`. The same file runs on Deno Deploy (no files
 * written, no subprocesses, no Kafka client loaded there) and in a container, where in
 * servers mode catalog events purge the cache over Kafka. With `EDGE_WORKERS` > 1 (one per
 * core in a container; needs `--unstable-net`) the port is served by that many isolates.
 * @module
 */
import manifest from "../fresh.gen.ts";
import { bootEdge, listen } from "./boot.ts";
import { startWorkers } from "./workers.ts";

const edge = await bootEdge({ manifest });
const others = edge.isolate ? startWorkers(edge.config.EDGE_WORKERS - 1, edge.logger) : undefined;
await others?.ready;
listen(edge, {
  signals: !edge.onDeploy,
  // The isolates close their consumers, limiters and clients side by side.
  onClose: [() => Promise.all([others?.stop(edge.config.SHUTDOWN_GRACE_MS), edge.close()])],
});
