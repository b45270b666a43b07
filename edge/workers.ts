/**
 * The extra isolates of a parallel edge (`EDGE_WORKERS` > 1), as Web Workers in the edge's
 * process. Every isolate, the main one included, listens on the port with its own
 * SO_REUSEPORT socket, and the kernel hands each new connection to one of them by hash: an
 * even spread however few the connections. (`deno serve --parallel` shares one socket among
 * its isolates instead, and the first to wake takes every queued connection: with a handful
 * of clients one isolate often served them all.)
 * @module
 */
import type { Logger } from "@marquee/log";

/** What the main isolate and a worker say to each other. */
export type WorkerMessage = "listening" | "stop" | "stopped";

/** The running workers. */
export interface EdgeWorkers {
  /** Resolves once every worker listens. */
  ready: Promise<void>;
  /** Asks each worker to drain and stop; resolves when all did or `graceMs` passed. */
  stop(graceMs: number): Promise<void>;
}

/**
 * Starts `count` workers (isolates 1 to `count`). One that fails ends the process, so that
 * the orchestrator restarts the whole edge rather than leave it with fewer isolates.
 */
export function startWorkers(count: number, logger: Logger): EdgeWorkers {
  const workers = Array.from({ length: count }, (_, i) => {
    const url = new URL(`./worker.ts?index=${i + 1}`, import.meta.url);
    const worker = new Worker(url, { type: "module" });
    worker.onerror = (event) => {
      logger.error("Edge isolate failed", { isolate: i + 1, error: event.message });
      Deno.exit(1);
    };
    const next = (want: WorkerMessage) =>
      new Promise<void>((resolve) => {
        worker.addEventListener("message", function heard(event: MessageEvent<WorkerMessage>) {
          if (event.data !== want) return;
          worker.removeEventListener("message", heard);
          resolve();
        });
      });
    return { worker, listening: next("listening"), next };
  });
  return {
    ready: Promise.all(workers.map((w) => w.listening)).then(() => {}),
    async stop(graceMs) {
      await Promise.race([
        Promise.all(workers.map(({ worker, next }) => {
          const stopped = next("stopped");
          worker.postMessage("stop" satisfies WorkerMessage);
          return stopped;
        })),
        new Promise((resolve) => setTimeout(resolve, graceMs)),
      ]);
      for (const { worker } of workers) worker.terminate();
    },
  };
}
