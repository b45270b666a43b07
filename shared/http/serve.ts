/**
 * Listening with graceful shutdown: on SIGTERM stop accepting (ready turns 503),
 * let in-flight requests finish, then run the close hooks (consumers, relays, pools).
 * @module
 */
import type { Logger } from "@marquee/log";

export interface ServeOptions {
  port: number;
  hostname?: string;
  logger: Logger;
  /** Run in order after the listener has drained. */
  onClose?: Array<() => Promise<unknown> | unknown>;
  graceMs?: number;
  /** Install SIGTERM/SIGINT handlers (off when several services share one process). */
  signals?: boolean;
  /**
   * Listen with SO_REUSEPORT, so several isolates can each have a socket on the port and the
   * kernel spreads new connections among them by hash (needs `--unstable-net`).
   */
  reusePort?: boolean;
}

/** A running listener. */
export interface Served {
  port: number;
  url: string;
  accepting: () => boolean;
  /** Drains and closes; idempotent. */
  stop(): Promise<void>;
  finished: Promise<void>;
}

/** Serves `handler` and returns a handle whose `stop()` drains gracefully. */
export function serve(
  handler: (req: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response>,
  options: ServeOptions,
): Served {
  const { port, hostname = "127.0.0.1", logger, onClose = [], graceMs = 10_000 } = options;
  let accepting = true;
  const server = Deno.serve(
    { port, hostname, onListen: () => {}, ...(options.reusePort ? { reusePort: true } : {}) },
    (req, info) => handler(req, info),
  );
  const addr = server.addr as Deno.NetAddr;
  logger.info("Listening", { url: `http://${hostname}:${addr.port}` });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      accepting = false;
      logger.info("Draining");
      const timer = setTimeout(() => logger.warn("Drain deadline passed", { graceMs }), graceMs);
      try {
        await Promise.race([server.shutdown(), new Promise((r) => setTimeout(r, graceMs))]);
      } finally {
        clearTimeout(timer);
      }
      for (const close of onClose) {
        try {
          await close();
        } catch (error) {
          logger.error("Close hook failed", { error: error as Error });
        }
      }
      logger.info("Stopped");
    })();
  if (options.signals) onSignals(stop);
  return {
    port: addr.port,
    url: `http://${hostname}:${addr.port}`,
    accepting: () => accepting,
    stop,
    finished: server.finished,
  };
}

/** Calls `stop` once on SIGTERM or SIGINT, then exits. */
export function onSignals(stop: () => Promise<void>): void {
  const handle = () => stop().finally(() => Deno.exit(0));
  Deno.addSignalListener("SIGTERM", handle);
  Deno.addSignalListener("SIGINT", handle);
}
