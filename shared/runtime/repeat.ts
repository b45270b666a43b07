/**
 * A background round repeated on a timer (sweepers, a saga's clock): the next round is timed
 * from the end of the last, so rounds never overlap, and a failed round is logged, not fatal.
 * @module
 */
import type { Logger } from "@marquee/log";

/** Options of {@linkcode repeat}. */
export interface RepeatOptions {
  /** Time between the end of one round and the start of the next. */
  intervalMs: number;
  logger: Logger;
  /** Logged with a failed round's error. */
  failure: string;
  /** Runs the first round at once instead of after `intervalMs`. */
  immediately?: boolean;
}

/** A repeating round; `stop` waits for a round in progress. */
export interface Repeating {
  stop(): Promise<void>;
}

/** Runs `round` every `intervalMs` until stopped; `first` tells the round it is the first. */
export function repeat(
  round: (first: boolean) => Promise<unknown>,
  options: RepeatOptions,
): Repeating {
  const { intervalMs, logger, failure } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const schedule = (first: boolean) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round(first)
        .catch((error) => logger.error(failure, { error: error as Error }))
        .finally(() => schedule(false));
    }, first && options.immediately ? 0 : intervalMs);
  };
  schedule(true);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
