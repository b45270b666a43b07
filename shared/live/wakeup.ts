/**
 * A sleep the live hub cuts short. An open stream's loop sends what changed, then sleeps
 * until a subscriber wakes it or a heartbeat is due; the state a wake stands for is set
 * before the wake and checked before each sleep, so a wake while awake may be dropped.
 * @module
 */

/** A sleep that {@linkcode Wakeup.wake} ends early. */
export interface Wakeup {
  /** Ends the sleep under way, if any. */
  wake(): void;
  /** Sleeps up to `ms`: true when the time ran out, false when woken. */
  sleep(ms: number): Promise<boolean>;
}

/** Creates a sleep that a live subscriber (or a stream's end) can cut short. */
export function createWakeup(): Wakeup {
  let wake: (() => void) | undefined;
  return {
    wake: () => wake?.(),
    sleep(ms) {
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          wake = undefined;
          resolve(true);
        }, ms);
        wake = () => {
          wake = undefined;
          clearTimeout(timer);
          resolve(false);
        };
      });
    },
  };
}
