/**
 * Runs the edge: `deno run -A edge/main.ts`. The same file runs on Deno Deploy (no files
 * written, no subprocesses, no Kafka client loaded there) and in a container, where in
 * servers mode catalog events purge the cache over Kafka. To use every core of a machine,
 * run `serve.ts` with `deno serve --parallel` instead.
 * @module
 */
import { serve } from "@marquee/http";
import { bootEdge } from "./boot.ts";

const edge = await bootEdge();
serve(edge.fetch, {
  port: edge.config.PORT,
  hostname: edge.config.HOST,
  logger: edge.logger,
  graceMs: edge.config.SHUTDOWN_GRACE_MS,
  signals: !edge.onDeploy,
  onClose: [() => edge.close()],
});
