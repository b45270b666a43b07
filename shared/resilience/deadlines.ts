/**
 * Time limits shared by calls that start close together. A call's own
 * `AbortSignal.timeout` is a timer per call that lives for the whole limit even when the call
 * ended long before, and at thousands of calls a second those timers cost more than the
 * calls' own work. Calls whose limits end within the same `slackMs` share one signal (one
 * timer), so a limit is honoured up to `slackMs` late.
 * @module
 */

/** Hands out abort signals that fire `timeoutMs` (to at most `slackMs` more) from now. */
export type Deadlines = (timeoutMs: number) => AbortSignal;

/** Creates a source of shared deadline signals; `slackMs` is 25 by default. */
export function createDeadlines(slackMs = 25): Deadlines {
  const due = new Map<number, AbortSignal>();
  return (timeoutMs) => {
    const now = Date.now();
    const at = Math.ceil((now + timeoutMs) / slackMs) * slackMs;
    let signal = due.get(at);
    if (!signal) {
      signal = AbortSignal.timeout(Math.max(0, at - now));
      due.set(at, signal);
      signal.addEventListener("abort", () => due.delete(at), { once: true });
    }
    return signal;
  };
}
