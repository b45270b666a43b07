/**
 * One more isolate of a parallel edge, started by `main.ts` as a Web Worker: a whole edge
 * (its own hot cache, limiter counts, breakers and purge consumer group) with a socket of its
 * own on the shared port. It stops when the main isolate says so.
 * @module
 */
/// <reference lib="deno.worker" />
import manifest from "../fresh.gen.ts";
import { bootEdge, listen } from "./boot.ts";
import type { WorkerMessage } from "./workers.ts";

const index = Number(new URLSearchParams(new URL(import.meta.url).search).get("index") ?? 1);
const edge = await bootEdge({ manifest, isolate: index });
const served = listen(edge, { onClose: [() => edge.close()] });
self.onmessage = async (event: MessageEvent<WorkerMessage>) => {
  if (event.data !== "stop") return;
  await served.stop();
  self.postMessage("stopped" satisfies WorkerMessage);
  self.close();
};
self.postMessage("listening" satisfies WorkerMessage);
